"""The `python -m tutor` command line, run as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).with_name("sample.jsonl")  # copy of ../shared/tutor-eval/sample.jsonl
CASES = Path(__file__).with_name("cases.jsonl")


def run(*args: str) -> subprocess.CompletedProcess:
    """Run the CLI from the repository root."""
    return subprocess.run([sys.executable, "-m", "tutor", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)


def test_critique_json_input_with_brief(tmp_path):
    (tmp_path / "in.json").write_text(json.dumps({"title": "赣南脐橙", "body": "史上最甜"}), "utf-8")
    (tmp_path / "brief.json").write_text(json.dumps({"required_info": ["origin"]}), "utf-8")
    res = run("critique", "--kind", "copy", "--brief", str(tmp_path / "brief.json"),
              str(tmp_path / "in.json"))
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["kind"] == "copy" and {f["code"] for f in out["findings"]} == {"compliance.absolute_term"}


def test_critique_txt_reply_and_english(tmp_path):
    (tmp_path / "r.txt").write_text("等着吧。", "utf-8")
    res = run("critique", "--kind", "reply", "--locale", "en", str(tmp_path / "r.txt"))
    out = json.loads(res.stdout)
    assert {"reply.no_empathy", "reply.no_solution"} <= {f["code"] for f in out["findings"]}
    assert out["summary"].startswith("Score")


def test_critique_jsonl_continues_after_bad_line(tmp_path):
    lines = [json.dumps({"kind": "copy", "input": {"body": "最甜"}}), "{not json",
             json.dumps({"kind": "reply", "input": {"message": "m"}}),
             json.dumps({"kind": "reply", "input": {"message": "m", "reply": "抱歉，补发。"}})]
    (tmp_path / "b.jsonl").write_text("\n".join(lines), "utf-8")
    res = run("critique", "--jsonl", str(tmp_path / "b.jsonl"))
    outs = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.returncode != 0 and len(outs) == 4
    assert outs[0]["kind"] == "copy" and outs[1]["line"] == 2 and "error" in outs[2]
    assert outs[3]["score"] == 100


def test_missing_file_and_bad_kind_fail_cleanly(tmp_path):
    res = run("critique", "--kind", "copy", str(tmp_path / "nope.json"))
    assert res.returncode != 0 and "找不到" in res.stderr and not res.stdout
    (tmp_path / "a.wav").write_bytes(b"RIFF")
    res = run("critique", "--kind", "copy", str(tmp_path / "a.wav"))
    assert res.returncode != 0 and "音频" in res.stderr


def test_eval_table_and_json():
    res = run("eval", str(SAMPLE))
    assert res.returncode == 0 and "overall" in res.stdout and "precision" in res.stdout
    res = run("eval", "--json", str(CASES))
    report = json.loads(res.stdout)
    assert report["overall"]["precision"] >= 0.95 and report["overall"]["recall"] >= 0.95


def _fake_asr(monkeypatch, segments):
    """Replace tutor.asr with a stub whose transcribe() returns `segments`."""
    import types

    import tutor
    fake = types.ModuleType("tutor.asr")
    fake.calls = []

    def transcribe(path):
        fake.calls.append(path)
        return {"language": "zh", "duration": segments[-1]["end"], "segments": segments}

    fake.transcribe = transcribe
    monkeypatch.setitem(sys.modules, "tutor.asr", fake)
    monkeypatch.setattr(tutor, "asr", fake, raising=False)
    return fake


def test_livestream_audio_is_transcribed_then_critiqued(tmp_path, monkeypatch, capsys):
    from tutor.cli import main
    segments = [{"start": 0.0, "end": 4.0, "text": "今天卖小米"},
                {"start": 11.0, "end": 15.0, "text": "五斤三十九元"}]
    fake = _fake_asr(monkeypatch, segments)
    audio = tmp_path / "stream.m4a"
    audio.write_bytes(b"\x00")
    assert main(["critique", "--kind", "livestream", str(audio)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert fake.calls == [str(audio)]
    pause = next(f for f in out["findings"] if f["code"] == "live.long_pause")
    assert pause["t"] == 11.0 and pause["excerpt"] == "五斤三十九元"


def test_transcribe_command_prints_json(tmp_path, monkeypatch, capsys):
    from tutor.cli import main
    _fake_asr(monkeypatch, [{"start": 0.0, "end": 1.0, "text": "大家好"}])
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"\x00")
    assert main(["transcribe", str(audio)]) == 0
    assert json.loads(capsys.readouterr().out)["segments"][0]["text"] == "大家好"
    assert main(["transcribe", str(tmp_path / "missing.wav")]) != 0
