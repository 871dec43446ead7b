"""Whisper model assembly from the packaged parts: checksum, repair, races, no downloads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tutor.asr import model as asr_model
from tutor.errors import ModelError


def test_parts_are_joined_and_verified(tmp_path):
    folder = asr_model.ensure_default_model(tmp_path / "whisper-base")
    names = {p.name for p in folder.iterdir()}
    assert {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"} <= names
    assert asr_model.sha256_of(folder / "model.bin") == asr_model.MODEL_SHA256
    assert not [n for n in names if n.endswith(".tmp")]


def test_cache_dir_comes_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path))
    assert asr_model.default_model_dir() == tmp_path / "whisper-base"
    monkeypatch.delenv("TUTOR_CACHE_DIR")
    assert asr_model.default_model_dir() == Path("~/.cache/xiangshang/whisper-base").expanduser()


def test_corrupt_cached_model_is_joined_again(tmp_path):
    folder = asr_model.ensure_default_model(tmp_path / "whisper-base")
    model_bin = folder / "model.bin"
    with open(model_bin, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00corrupt\x00")
    asr_model.ensure_default_model(folder)
    assert asr_model.sha256_of(model_bin) == asr_model.MODEL_SHA256


def test_truncated_cached_model_is_joined_again(tmp_path):
    folder = asr_model.ensure_default_model(tmp_path / "whisper-base")
    with open(folder / "model.bin", "r+b") as fh:
        fh.truncate(1234)
    asr_model.ensure_default_model(folder)
    assert (folder / "model.bin").stat().st_size > 100_000_000


def test_corrupt_parts_give_a_clear_error(monkeypatch, tmp_path):
    aux, parts = asr_model.package_files()
    bad = tmp_path / "model.bin.part2"
    bad.write_bytes(b"not the second half")
    monkeypatch.setattr(asr_model, "package_files", lambda: (aux, [parts[0], bad]))
    with pytest.raises(ModelError) as caught:
        asr_model.ensure_default_model(tmp_path / "whisper-base")
    assert caught.value.code == "asr.model_corrupt"
    assert "重新安装" in caught.value.message and "checksum" in caught.value.message_en
    assert not (tmp_path / "whisper-base" / "model.bin").exists()
    assert not list((tmp_path / "whisper-base").glob("*.tmp"))


def test_missing_part_gives_a_clear_error(monkeypatch, tmp_path):
    aux, parts = asr_model.package_files()
    monkeypatch.setattr(asr_model, "package_files", lambda: (aux, [parts[0], tmp_path / "gone"]))
    with pytest.raises(ModelError) as caught:
        asr_model.ensure_default_model(tmp_path / "whisper-base")
    assert caught.value.code == "asr.model_missing"


def test_racing_joins_leave_one_good_file(tmp_path):
    folder = tmp_path / "whisper-base"
    errors: list[BaseException] = []

    def join() -> None:
        try:
            asr_model._join_parts(asr_model.package_files()[1], folder / "model.bin")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    folder.mkdir()
    threads = [threading.Thread(target=join) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert asr_model.sha256_of(folder / "model.bin") == asr_model.MODEL_SHA256
    assert [p.name for p in folder.iterdir()] == ["model.bin"]


def test_whisper_model_env_accepts_a_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("WHISPER_MODEL", str(tmp_path))
    assert asr_model.resolve_model() == str(tmp_path)


def test_unknown_whisper_model_is_refused(monkeypatch):
    monkeypatch.setenv("WHISPER_MODEL", "no-such-model")
    with pytest.raises(ModelError) as caught:
        asr_model.resolve_model()
    assert caught.value.code == "asr.model_missing"


def test_size_name_never_downloads(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("WHISPER_MODEL", "tiny")
    with pytest.raises(ModelError) as caught:
        asr_model.get_model()
    assert caught.value.code == "asr.model_unavailable"
    assert "offline" in caught.value.message_en
