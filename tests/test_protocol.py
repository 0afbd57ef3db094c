"""The kernel's and the front end's message vocabularies agree (names, chunk limit).

Reads js/src/protocol.ts as text: its name lists are written as
``export const TO_KERNEL = ["ready", ...] as const;`` and the limit as
``export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;``.
"""

import ast
import math
import re
from pathlib import Path
from typing import get_args, get_type_hints

import pytest

from vec2face_widget.widget import protocol, serialization

PROTOCOL_TS = Path(__file__).resolve().parents[1] / "js" / "src" / "protocol.ts"


def ts_const(name: str) -> str:
    text = PROTOCOL_TS.read_text()
    found = re.search(rf"^export const {name}\s*=\s*(.+?)(?:\s+as const)?;$", text, re.M | re.S)
    assert found, f"js/src/protocol.ts has no `export const {name} = ...;`"
    return found.group(1)


@pytest.mark.parametrize("name", ["TO_KERNEL", "TO_FRONT_END"])
def test_message_names_agree(name):
    names = ast.literal_eval(ts_const(name))
    assert tuple(names) == getattr(protocol, name)


def test_chunk_limit_agrees():
    expression = ts_const("MAX_MESSAGE_BYTES")
    assert re.fullmatch(r"[\d\s*]+", expression), expression
    value = math.prod(int(factor) for factor in expression.split("*"))
    assert value == protocol.MAX_MESSAGE_BYTES == 8 * 1024 * 1024
    assert serialization.MAX_MESSAGE_BYTES == protocol.MAX_MESSAGE_BYTES


def test_typed_messages_use_the_names():
    assert get_args(protocol.ToKernelType) == protocol.TO_KERNEL
    kinds = [
        get_args(get_type_hints(message)["type"])
        for message in (
            protocol.PointsMessage,
            protocol.SelectionMessage,
            protocol.FacesMessage,
            protocol.LegendMessage,
            protocol.ExportMessage,
        )
    ]
    assert tuple(k for (k,) in kinds) == protocol.TO_FRONT_END


def test_preview_sample_agrees():
    assert int(ts_const("PREVIEW_SAMPLE")) == protocol.PREVIEW_SAMPLE


def test_faces_status_names_agree():
    text = PROTOCOL_TS.read_text()
    found = re.search(r"^export type FacesStatus = (.+);$", text, re.M)
    assert found, "js/src/protocol.ts has no `export type FacesStatus = ...;`"
    names = tuple(ast.literal_eval(part.strip()) for part in found.group(1).split("|"))
    assert names == get_args(protocol.FacesStatus)
