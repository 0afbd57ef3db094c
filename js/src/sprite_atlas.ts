// Small square pictures (the face map's faces) painted once into slots of one big canvas
// and blitted from there: one image source for every face, and no canvas element per face
// (creating hundreds of canvases costs more than painting the faces).

export class SpriteAtlas {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  /** Sprite key -> slot, least recently used first. */
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];
  /** How many sprites have been painted (a counter for timing the painting). */
  painted = 0;

  /** `cell`: side of a slot in canvas pixels; `side`: slots per row and column. */
  constructor(
    readonly cell: number,
    private readonly side = 32,
  ) {
    this.canvas = document.createElement("canvas");
    this.canvas.width = this.canvas.height = cell * side;
    // A plain canvas (GPU-backed where the browser has one): its strokes are rasterised
    // off the main thread. As a CPU canvas (willReadFrequently), 400 new faces took about
    // twice as long to reach the screen in software rendering.
    this.ctx = this.canvas.getContext("2d");
    for (let slot = side * side - 1; slot >= 0; slot--) this.free.push(slot);
  }

  /**
   * The top-left canvas pixel of `key`'s slot; a new key is painted first by `paint`,
   * with the context translated to the slot and clipped to it.
   */
  get(key: string, paint: (ctx: CanvasRenderingContext2D) => void): [number, number] {
    let slot = this.slots.get(key);
    if (slot !== undefined) {
      this.slots.delete(key);
      this.slots.set(key, slot);
      return this.origin(slot);
    }
    slot = this.free.pop() ?? this.evict();
    this.slots.set(key, slot);
    const [x, y] = this.origin(slot);
    const ctx = this.ctx;
    this.painted++;
    if (ctx) {
      ctx.save();
      ctx.clearRect(x, y, this.cell, this.cell);
      ctx.beginPath();
      ctx.rect(x, y, this.cell, this.cell);
      ctx.clip();
      ctx.translate(x, y);
      paint(ctx);
      ctx.restore();
    }
    return [x, y];
  }

  get size(): number {
    return this.slots.size;
  }

  private evict(): number {
    const [oldest, slot] = this.slots.entries().next().value ?? ["", 0];
    this.slots.delete(oldest);
    return slot;
  }

  private origin(slot: number): [number, number] {
    return [(slot % this.side) * this.cell, Math.floor(slot / this.side) * this.cell];
  }
}
