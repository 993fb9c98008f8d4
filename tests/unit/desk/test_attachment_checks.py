"""What may be attached: JPEG, PNG or PDF by their own bytes, under the size limit, with a harmless name."""

import io

import pytest
from PIL import Image

import i18n
from core.errors import ValidationFailed
from core.roles import Actor, Role
from desk.attachments.checks import MAX_BYTES, checked, checked_all, may_void, safe_name, sniff
from desk.attachments.thumbnails import thumbnail


def png(width=800, height=600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


def refusal(name, data, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as refused:
        checked(name, data, **kwargs)
    return refused.value


def test_a_renamed_program_is_refused_whatever_its_name_says():
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100
    error = refusal("现场照片.jpg", exe)
    assert error.key == "files.error.type_refused"
    assert (
        i18n.message(error.key, "zh", **error.params)
        == "文件“现场照片.jpg”不是 JPG、PNG 照片或 PDF 文件，不能上传。"
    )


@pytest.mark.parametrize(
    "data", [b"<html><script>alert(1)</script>", b"#!/bin/sh\nrm -rf /", b"PK\x03\x04zip", b"GIF89a"]
)
def test_anything_but_jpeg_png_or_pdf_is_refused(data):
    assert refusal("file.pdf", data).key == "files.error.type_refused"


def test_an_oversized_file_is_refused_with_its_size_and_the_limit():
    error = refusal("scan.pdf", b"%PDF-1.7" + b"0" * (MAX_BYTES + 1))
    assert error.key == "files.error.too_large"
    assert i18n.message(error.key, "zh", **error.params) == (
        "文件“scan.pdf”有 5.0 MB，超过了 5 MB 的上限，请压缩后再传。"
    )
    assert "over the 5 MB limit" in i18n.message(error.key, "en", **error.params)


def test_an_empty_file_is_refused():
    assert refusal("a.png", b"").key == "files.error.empty"


@pytest.mark.parametrize(
    ("data", "media"),
    [(b"\xff\xd8\xff\xe0rest", "image/jpeg"), (b"\x89PNG\r\n\x1a\nrest", "image/png"),
     (b"%PDF-1.4", "application/pdf")],
)  # fmt: skip
def test_the_type_is_read_from_the_first_bytes(data, media):
    assert sniff(data) == media


def test_the_kept_name_has_no_folders_or_control_characters_and_the_real_extension():
    assert safe_name("..\\..\\windows\\漏水\x00照片.exe", "image/png") == "漏水照片.png"
    assert safe_name("/etc/passwd", "application/pdf") == "passwd.pdf"
    assert safe_name("", "image/jpeg") == "file.jpg"


def test_one_bad_file_refuses_the_whole_upload():
    with pytest.raises(ValidationFailed):
        checked_all([("ok.png", png()), ("bad.jpg", b"MZ")])
    with pytest.raises(ValidationFailed) as refused:
        checked_all([("p.png", png())] * 7)
    assert refused.value.key == "files.error.too_many"


def test_a_photo_gets_a_small_jpeg_thumbnail_and_a_pdf_none():
    small = thumbnail("p.png", png(), "image/png")
    assert small is not None and small.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(small)) as image:
        assert max(image.size) <= 320
    assert thumbnail("f.pdf", b"%PDF-1.4", "application/pdf") is None


def test_a_file_that_only_starts_like_a_photo_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        thumbnail("fake.jpg", b"\xff\xd8\xff" + b"MZ" * 50, "image/jpeg")
    assert refused.value.key == "files.error.broken_image"


def person(user_id: int, role: Role) -> Actor:
    return Actor(user_id, f"u{user_id}", f"User {user_id}", role, frozenset({1}))


def test_whoever_uploaded_a_file_may_void_it():
    assert may_void(person(7, Role.STAFF), uploaded_by=7)
    assert may_void(person(9, Role.DEPARTMENT), uploaded_by=9)


def test_a_colleague_may_not_void_a_file_they_did_not_upload():
    assert not may_void(person(8, Role.STAFF), uploaded_by=7)
    assert not may_void(person(8, Role.STAFF), uploaded_by=None)


def test_a_manager_may_void_any_file():
    assert may_void(person(1, Role.MANAGER), uploaded_by=7)
    assert may_void(person(1, Role.MANAGER), uploaded_by=None)
