"""An edited content file reaches the services of a running process at its next use: the desk and
the registers build their services again with the new content, and keep them while nothing changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desk import content_loader
from desk.renovation import content_loader as registers_loader


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    stat = path.stat()  # a second on: file times tick coarsely, and a test must not depend on that
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def desk_content(tmp_path, monkeypatch) -> Path:
    copy = Path(shutil.copytree(content_loader.default_content_dir(), tmp_path / "desk_content"))
    monkeypatch.setattr(content_loader, "default_content_dir", lambda: copy)
    monkeypatch.setattr(registers_loader, "default_content_dir", lambda: copy)
    yield copy
    content_loader.default_desk_content.clear()
    registers_loader.default_registers_content.clear()


def test_a_renamed_category_shows_at_the_desk_without_a_restart(services, desk_content):
    desk, intake = services.desk, services.request_intake
    assert services.desk is desk and services.request_intake is intake  # built once while unchanged
    assert desk.content.category("cleaning").zh == "保洁"
    _edit(desk_content / "categories.yaml", "zh: 保洁", "zh: 保洁卫生")
    assert services.desk is not desk
    assert services.desk.content.category("cleaning").zh == "保洁卫生"
    assert services.request_intake is not intake
    assert services.reports is services.reports


def test_a_broken_edit_reaches_the_desk_as_its_errors_and_mending_it_brings_the_desk_back(
    services, desk_content
):
    good = (desk_content / "categories.yaml").read_text(encoding="utf-8")
    _edit(desk_content / "categories.yaml", "department: cleaning", "department: nobody")
    with pytest.raises(content_loader.DeskContentInvalid) as refused:
        _ = services.desk
    assert refused.value.errors[0].path.name == "categories.yaml"
    (desk_content / "categories.yaml").write_text(good, encoding="utf-8")
    _edit(desk_content / "categories.yaml", "zh: 保洁", "zh: 保洁")
    assert services.desk.content.category("cleaning").zh == "保洁"
