"""Command line: `python -m tutor critique|transcribe|eval` (SPEC §3)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tutor.critic import critique
from tutor.errors import InputError, TutorError
from tutor.kinds import KIND_SPECS, kind_spec

AUDIO_EXTENSIONS = {".wav", ".mp3", ".m4a", ".aac", ".webm", ".ogg", ".opus", ".amr", ".flac"}
EXIT_INPUT = 2


def _dump(obj: Any, *, pretty: bool = True) -> None:
    """Print JSON to stdout, UTF-8, Chinese unescaped."""
    print(json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None))


def _read_json(path: str, what: str) -> Any:
    """Load a JSON file or raise InputError naming it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"找不到{what}文件：{path}", message_en=f"{what} file not found: {path}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{what}文件不是有效的 JSON：{path}（{exc}）",
                         message_en=f"{what} file is not valid JSON: {path} ({exc})")


def _transcribe(path: str) -> dict:
    """Run Whisper through tutor.asr (imported only when audio is given)."""
    from tutor import asr  # lazy: loads faster-whisper

    return asr.transcribe(path)


def read_input(kind: str, path: str) -> Any:
    """INPUT by extension: JSON object, .txt text, or (livestream) audio to transcribe."""
    suffix = Path(path).suffix.lower()
    if suffix in AUDIO_EXTENSIONS:
        if not kind_spec(kind).accepts_audio:
            raise InputError("只有直播（livestream）可以提交音频。",
                             message_en="Only livestream input can be audio.")
        return {"segments": _transcribe(path)["segments"]}
    if suffix == ".txt":
        try:
            return Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"找不到输入文件：{path}", message_en=f"Input file not found: {path}")
    return _read_json(path, "输入")


def cmd_critique(args: argparse.Namespace) -> int:
    """One critique, or one per JSONL line."""
    if args.jsonl:
        return _critique_jsonl(args.jsonl, args.locale)
    if not args.kind or not args.input:
        raise InputError("需要 --kind 和输入文件（或 --jsonl 文件）。",
                         message_en="Give --kind and INPUT, or --jsonl FILE.")
    brief = _read_json(args.brief, "任务说明") if args.brief else None
    data = read_input(args.kind, args.input)
    _dump(critique(args.kind, data, brief, locale=args.locale, pass_score=args.pass_score))
    return 0


def _critique_jsonl(path: str, locale: str) -> int:
    """Critique each line; a bad line prints an error object and the exit code becomes 1."""
    status = 0
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", message_en=f"File not found: {path}")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            if not isinstance(case, dict):
                raise InputError("每行必须是 JSON 对象。", message_en="Each line must be a JSON object.")
            _dump(critique(case.get("kind"), case.get("input"), case.get("brief"),
                           rubric=case.get("rubric"), pass_score=case.get("pass_score"),
                           locale=case.get("locale", locale)), pretty=False)
        except (json.JSONDecodeError, TutorError) as exc:
            code = getattr(exc, "code", "input.invalid_json")
            msg = exc.message if isinstance(exc, TutorError) else f"第 {n} 行不是有效的 JSON：{exc}"
            _dump({"line": n, "error": {"code": code, "message": msg}}, pretty=False)
            status = 1
    return status


def cmd_transcribe(args: argparse.Namespace) -> int:
    """Print Whisper's transcript of AUDIO as JSON."""
    if not Path(args.audio).exists():
        raise InputError(f"找不到音频文件：{args.audio}", message_en=f"Audio not found: {args.audio}")
    _dump(_transcribe(args.audio))
    return 0


def _load_cases(path: str) -> list[dict]:
    """Read one JSONL file of cases or raise InputError naming it."""
    from tutor.eval import load_cases

    try:
        return load_cases(path)
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", message_en=f"File not found: {path}")
    except json.JSONDecodeError as exc:
        raise InputError(f"用例文件不是有效的 JSONL：{path}（{exc}）", message_en=f"Invalid JSONL: {path} ({exc})")


def cmd_eval(args: argparse.Namespace) -> int:
    """Precision/recall per code on labelled files; false-alarm rate on clean corpora."""
    from tutor.eval import evaluate, false_alarms, format_clean, format_table

    if not args.files and not args.clean:
        raise InputError("需要标注用例文件或 --clean 语料。", message_en="Give a labelled FILE or --clean CORPUS.")
    out: dict[str, Any] = {}
    if args.files:
        out = evaluate([c for path in args.files for c in _load_cases(path)])
    if args.clean:
        out["clean"] = false_alarms([c for path in args.clean for c in _load_cases(path)])
    if args.json:
        _dump(out)
    else:
        parts = [format_table(out)] if args.files else []
        if args.clean:
            parts.append(format_clean(out["clean"]))
        print("\n\n".join(parts))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree for the three subcommands."""
    parser = argparse.ArgumentParser(prog="python -m tutor", description="乡商学堂 AI 导师（规则点评）")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("critique", help="点评一份作业，输出 JSON")
    p.add_argument("--kind", choices=list(KIND_SPECS))
    p.add_argument("--brief", help="任务说明 JSON 文件")
    p.add_argument("--locale", default="zh_CN", help="zh_CN（默认）或 en")
    p.add_argument("--pass-score", type=int, dest="pass_score", help="及格分，输出 passed")
    p.add_argument("--jsonl", help="每行 {kind, input, brief?} 的 JSONL 文件")
    p.add_argument("input", nargs="?", help="输入：.json、.txt 或（直播）音频文件")
    p.set_defaults(func=cmd_critique)
    t = sub.add_parser("transcribe", help="把音频转成带时间的文字")
    t.add_argument("audio")
    t.set_defaults(func=cmd_transcribe)
    e = sub.add_parser("eval", help="在标注用例上算每个代码的准确率和召回率；在干净语料上算误报率")
    e.add_argument("files", nargs="*", metavar="FILE", help="标注用例 JSONL（可多个，合并计算）")
    e.add_argument("--clean", action="append", default=[], metavar="CORPUS",
                   help="干净语料 JSONL：任何合规/诚信发现都算误报（可重复）")
    e.add_argument("--json", action="store_true", help="输出 JSON")
    e.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors go to stderr with a non-zero exit code."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except TutorError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return EXIT_INPUT
