"""The simulated key's internal flash is a littlefs image: littlefs-python (littlefs's own C code,
another release, built independently of nk3rig) mounts the image that `nk3rig sim serve --state`
saved, finds the FIDO application's files, and reads the attestation certificate the key sent
over CTAP byte for byte.

Geometry per profile (docs/storage.md, "littlefs configuration"): the NK3A mini's littlefs starts
after the two 4 KiB journal pages from v1.3.0 (288 blocks of 256 B) and at the region's start
before (320 blocks); the LPC55's is 87 blocks of 512 B."""

import littlefs
import pytest
from fido2.ctap2 import Ctap2

from fidokit import ES256, EDDSA, make_credential

LAYOUTS = {
    "nk3am-1.2.2": dict(offset=0, block_size=256, block_count=320, read_size=4, prog_size=4),
    "nk3am-1.3.1": dict(offset=8192, block_size=256, block_count=288, read_size=4,
                        prog_size=256),
    "nk3xn-1.3.1": dict(offset=0, block_size=512, block_count=87, read_size=16, prog_size=512),
}


HEADER = 24  # an image file's header: magic NK3FLSH1, then the chip's geometry (docs/storage.md)


def chip_bytes(image_file):
    """The chip's bytes from an image file, after its header."""
    raw = image_file.read_bytes()
    assert raw[:8] == b"NK3FLSH1", raw[:8]
    return raw[HEADER:]


def mount(image, layout):
    size = layout["block_size"] * layout["block_count"]
    region = image[layout["offset"]:layout["offset"] + size]
    assert len(region) == size, f"image has {len(image)} bytes"
    fs = littlefs.LittleFS(block_size=layout["block_size"], block_count=layout["block_count"],
                           read_size=layout["read_size"], prog_size=layout["prog_size"],
                           cache_size=max(layout["prog_size"], 256), lookahead_size=8,
                           mount=False)
    fs.context.buffer = bytearray(region)
    fs.mount()
    return fs


def files(fs):
    out = {}
    for root, _dirs, names in fs.walk("/"):
        for name in names:
            path = (root.rstrip("/") + "/" + name).lstrip("/")
            with fs.open(path, "rb") as f:
                out[path] = f.read()
    return out


@pytest.mark.parametrize("profile", sorted(LAYOUTS))
def test_internal_image_is_littlefs_with_the_fido_files(serve, tmp_path, profile):
    state = tmp_path / "state"
    server = serve(state=state, profile=profile)
    ctap = Ctap2(server.device())
    att, _ = make_credential(ctap, "example.org", name="alice", alg=ES256, resident=True)
    make_credential(ctap, "ssh:", name="alice", alg=EDDSA, resident=False)
    rc, out = server.stop()
    assert rc == 0, out

    found = files(mount(chip_bytes(state / "internal.img"), LAYOUTS[profile]))
    assert "fido/sec/00" in found, sorted(found)
    assert "fido/dat/persistent-state.cbor" in found, sorted(found)
    assert any(p.startswith("fido/dat/rk/") for p in found), sorted(found)
    # The attestation certificate on flash is the one the key sent.
    assert found["fido/x5c/00"] == att.att_statement["x5c"][0]


def test_a_blank_image_is_not_littlefs():
    """The reader is a real check: it refuses an image that holds no littlefs."""
    with pytest.raises(Exception):
        mount(b"\xff" * 8192 + b"\xff" * 288 * 256, LAYOUTS["nk3am-1.3.1"])
