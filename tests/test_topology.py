from vec2face_widget.faces.topology import N_POINTS, PARTS, part, topology_dict


def test_parts_cover_every_point_once():
    covered = [i for p in PARTS for i in p.indices]
    assert sorted(covered) == list(range(N_POINTS))


def test_known_ranges():
    assert (part("jaw").start, part("jaw").stop, part("jaw").closed) == (0, 41, False)
    assert part("eye_b").indices == range(134, 154) and part("eye_b").closed
    assert part("nose").closed is False


def test_dict_is_plain_data():
    d = topology_dict()
    assert d["n_points"] == 194
    assert {"name": "outer_lips", "start": 58, "stop": 86, "closed": True} in d["parts"]
