"""Decode uploaded audio with PyAV into 16 kHz mono samples, refusing anything unusable."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO

import av
import numpy as np

from tutor.errors import AudioError

SAMPLE_RATE = 16000
MIN_SECONDS = 0.5
SILENCE_PEAK = 0.005  # about -46 dBFS: below this nothing was said
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_SECONDS = 600.0

AudioInput = str | os.PathLike | bytes | bytearray | BinaryIO
_DECODE_ERRORS = (av.error.FFmpegError, OSError, ValueError, UnicodeDecodeError, IndexError)


def max_bytes() -> int:
    """Upload size limit: TUTOR_MAX_AUDIO_BYTES, default 20 MB."""
    return int(os.environ.get("TUTOR_MAX_AUDIO_BYTES") or DEFAULT_MAX_BYTES)


def max_seconds() -> float:
    """Duration limit: TUTOR_MAX_AUDIO_SECONDS, default 600 s."""
    return float(os.environ.get("TUTOR_MAX_AUDIO_SECONDS") or DEFAULT_MAX_SECONDS)


def load_audio(audio: AudioInput, *, limit_bytes: int | None = None,
               limit_seconds: float | None = None) -> np.ndarray:
    """Float32 mono samples at 16 kHz; AudioError if empty, too big/long/short, silent or not audio.

    The limits default to max_bytes() and max_seconds() (the TUTOR_MAX_AUDIO_* variables); an
    application passes its own so one setting governs its uploads.
    """
    limit_seconds = max_seconds() if limit_seconds is None else limit_seconds
    data = _read_bounded(audio, max_bytes() if limit_bytes is None else limit_bytes)
    samples = _decode(data, limit_seconds)
    duration = len(samples) / SAMPLE_RATE
    if duration > limit_seconds:
        raise _too_long(limit_seconds)
    if duration < MIN_SECONDS:
        raise AudioError(
            f"录音太短（{duration:.1f} 秒），请至少说几句话。", code="audio.too_short",
            message_en=f"The recording is too short ({duration:.1f} s).",
        )
    if float(np.max(np.abs(samples))) < SILENCE_PEAK:
        raise AudioError("录音里没有声音，请检查麦克风后重新录制。", code="audio.silent",
                         message_en="The recording is silent; check the microphone and try again.")
    return samples


def _read_bounded(audio: AudioInput, limit: int) -> bytes:
    """The upload's bytes, refusing empty or oversize input before decoding anything."""
    if isinstance(audio, (bytes, bytearray)):
        data = bytes(audio)
    elif isinstance(audio, (str, os.PathLike)):
        data = _read_file(Path(audio), limit)
    else:
        data = audio.read(limit + 1)
    if not data:
        raise AudioError("没有收到录音（文件是空的）。", code="audio.empty",
                         message_en="No audio received: the file is empty.")
    if len(data) > limit:
        mb = limit / (1024 * 1024)
        raise AudioError(f"录音文件太大，最大 {mb:.0f} MB。", code="audio.too_large",
                         message_en=f"The audio file is too large (limit {mb:.0f} MB).")
    return data


def _read_file(path: Path, limit: int) -> bytes:
    """Read at most limit+1 bytes of a file (enough to tell it is too large)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise AudioError("找不到录音文件。", code="audio.missing",
                         message_en=f"Cannot read the audio file: {exc}") from exc


def _decode(data: bytes, limit_seconds: float) -> np.ndarray:
    """Demux and decode the first audio stream, stopping early past the duration limit."""
    try:
        with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise _not_audio()
            if container.duration and container.duration / av.time_base > limit_seconds + 1:
                raise _too_long(limit_seconds)
            samples = _resample_all(container, limit_seconds)
    except _DECODE_ERRORS as exc:
        raise _not_audio() from exc
    if samples.size == 0:
        raise _not_audio()
    return samples


def _resample_all(container: av.container.InputContainer, limit_seconds: float) -> np.ndarray:
    """Every decodable frame as 16 kHz mono float32; corrupt packets are skipped."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks, total, limit = [], 0, int((limit_seconds + 1) * SAMPLE_RATE)
    stream = container.streams.audio[0]
    for packet in container.demux(stream):
        try:
            frames = packet.decode()
        except av.error.InvalidDataError:
            continue  # a damaged packet in an otherwise good phone recording
        for frame in frames:
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
                total += out.samples
        if total > limit:
            raise _too_long(limit_seconds)
    for out in resampler.resample(None):
        chunks.append(out.to_ndarray().reshape(-1))
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks).astype(np.float32) / 32768.0


def _not_audio() -> AudioError:
    """The upload is not audio we can decode."""
    return AudioError(
        "无法识别这个文件，请上传手机录的音频（如 m4a、mp3、webm、wav）。", code="audio.undecodable",
        message_en="This file is not audio we can decode; upload a recording (m4a, mp3, webm, wav).",
    )


def _too_long(limit: float) -> AudioError:
    """The recording exceeds the duration limit."""
    zh, en = (f"{limit / 60:g} 分钟", f"{limit / 60:g} minutes") if limit >= 60 else (
        f"{limit:g} 秒", f"{limit:g} seconds")
    return AudioError(f"录音太长，最长 {zh}。", code="audio.too_long",
                      message_en=f"The recording is too long (limit {en}).")
