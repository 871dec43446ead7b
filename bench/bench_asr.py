"""Benchmark: Whisper base int8 on 2 CPU threads, real-time factor on a synthetic Chinese clip.

Run: python bench/bench_asr.py   (needs espeak-ng; target RTF <= 0.5, SPEC §4)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = (
    "大家好，欢迎来到我们的直播间。今天给大家介绍江西赣州信丰县的赣南脐橙。"
    "五斤装，单果果径七十五到八十毫米。现摘现发，顺丰包邮。"
    "喜欢的家人们可以点个关注，在评论区扣一。下单请点击下方小黄车。"
)

# espeak-ng 1.51's plain "cmn" voice reads pinyin tone digits in English; this one speaks tones.
VOICES = ("cmn-latn-pinyin", "cmn")


def synthesise(text: str, path: Path) -> None:
    """Write `text` spoken by espeak-ng Mandarin to a WAV file."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        sys.exit("espeak-ng not found: apt-get install -y espeak-ng")
    for voice in VOICES:
        done = subprocess.run([espeak, "-v", voice, "-s", "170", "-w", str(path), text],
                              capture_output=True, check=False)
        if done.returncode == 0 and path.stat().st_size > 1000:
            return
    sys.exit("espeak-ng could not synthesise Mandarin")


def main() -> None:
    """Print model preparation/load time, audio duration, transcription time and RTF."""
    os.environ.setdefault("TUTOR_ASR_THREADS", "2")
    from tutor.asr import ensure_default_model, get_model, load_audio, transcribe

    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "clip.wav"
        synthesise(SCRIPT, wav)
        started = time.perf_counter()
        if not os.environ.get("WHISPER_MODEL"):
            ensure_default_model()
        prepared = time.perf_counter()
        get_model()
        loaded = time.perf_counter()
        duration = len(load_audio(wav)) / 16000
        begin = time.perf_counter()
        result = transcribe(wav)
        took = time.perf_counter() - begin
    print(f"model_prepare_s\t{prepared - started:.2f}")
    print(f"model_load_s\t{loaded - prepared:.2f}")
    print(f"audio_s\t{duration:.2f}")
    print(f"transcribe_s\t{took:.2f}")
    print(f"rtf\t{took / duration:.3f}")
    print(f"segments\t{len(result['segments'])}")
    print(f"threads\t{os.environ['TUTOR_ASR_THREADS']}")


if __name__ == "__main__":
    main()
