"""Everything about faces and nothing about widgets.

Loading landmark files, the face topology, normalisation, the Flax face model, its
training, the shipped weights, and static drawing (SVG, matplotlib).
"""
