"""LLMCritic: asks an OpenAI-compatible model to review a submission on top of the rules."""

from __future__ import annotations

import copy
import json
import logging
import os
import random
import time
from typing import Any

import openai
from pydantic import ValidationError

from tutor.scoring import LLM_ADJUST_FRACTION

from .budget import DEFAULT_DAILY_LIMIT, DailyBudget, MemoryBudget, today
from .cache import MemoryCache, ReviewCache, SqliteCache, cache_key
from .merge import has_injection, merge_review, no_credit
from .prompt import PROMPT_VERSION, build_messages
from .rewrite import rewrite_is_clean
from .schema import Review, check_covers

log = logging.getLogger("tutor.llm")

_RETRY_STATUS = {408, 409, 429}


class LLMFailure(Exception):
    """The LLM gave no usable review; `code` says why (timeout, http_error, schema …)."""

    def __init__(self, code: str, detail: str = "", *, status: str = "failed"):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.status = code, status


class LLMCritic:
    """Reviews a rule critique with an LLM; never raises, falls back to the rules."""

    def __init__(
        self, *, base_url: str, model: str, api_key: str | None = None, timeout: float = 30.0,
        max_retries: int = 2, backoff_base: float = 0.5, backoff_max: float = 8.0,
        cache: ReviewCache | None = None,
        budget: DailyBudget | None = None, temperature: float = 0.2, max_tokens: int = 1500,
    ):
        self.model, self.max_retries = model, max_retries
        self.backoff_base, self.backoff_max = backoff_base, backoff_max
        self.temperature, self.max_tokens = temperature, max_tokens
        self.cache = cache if cache is not None else MemoryCache()
        self.budget = budget if budget is not None else MemoryBudget()
        # Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
        self.client = openai.OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=0
        )

    @classmethod
    def from_env(cls, **overrides: Any) -> LLMCritic | None:
        """Build from TUTOR_LLM_* variables; None when no LLM is configured.

        TUTOR_LLM_BASE_URL and TUTOR_LLM_MODEL are required; TUTOR_LLM_API_KEY (local servers
        need none), TUTOR_LLM_TIMEOUT (s, default 30), TUTOR_LLM_DAILY_LIMIT (reviews per
        learner per day, default 30) and TUTOR_LLM_CACHE_PATH (sqlite file) are optional.
        """
        base_url, model = os.environ.get("TUTOR_LLM_BASE_URL"), os.environ.get("TUTOR_LLM_MODEL")
        if not base_url or not model:
            return None
        settings: dict[str, Any] = {
            "base_url": base_url, "model": model, "api_key": os.environ.get("TUTOR_LLM_API_KEY"),
            "timeout": float(os.environ.get("TUTOR_LLM_TIMEOUT", "30")),
            "budget": MemoryBudget(int(os.environ.get("TUTOR_LLM_DAILY_LIMIT", DEFAULT_DAILY_LIMIT))),
        }
        if os.environ.get("TUTOR_LLM_CACHE_PATH"):
            settings["cache"] = SqliteCache(os.environ["TUTOR_LLM_CACHE_PATH"])
        settings.update(overrides)
        return cls(**settings)

    def review(
        self, kind: str, input: Any, brief: dict | None, rules_critique: dict, *,
        locale: str = "zh_CN", learner_key: str | None = None,
    ) -> dict:
        """The rules critique enriched by the LLM, or the rules critique with llm_status set."""
        if has_injection(rules_critique):
            return fallback(no_credit(copy.deepcopy(rules_critique)), "skipped", "prompt_injection")
        try:
            return self._review(kind, input, brief, rules_critique, locale, learner_key)
        except LLMFailure as exc:
            log.warning("LLM review failed (%s); using rules only", exc)
            return fallback(rules_critique, exc.status, exc.code)
        except Exception:  # a bug, a cache or an SDK surprise must not cost the learner anything
            log.exception("LLM review crashed; using rules only")
            return fallback(rules_critique, "failed", "internal")

    def _review(self, kind: str, input: Any, brief: dict | None, rules: dict, locale: str,
                learner_key: str | None) -> dict:
        """Cache, then budget, then the model; raises LLMFailure when there is no review."""
        key = cache_key(kind, input, brief, self.model, PROMPT_VERSION, locale)
        cached = self._cached_review(key, rules)
        if cached is not None:
            return self._merge(kind, input, brief, rules, cached, cached_hit=True)
        if learner_key is not None and not self.budget.take(learner_key, today()):
            raise LLMFailure("budget_exceeded", status="budget_exceeded")
        messages = build_messages(kind, input, brief, rules, locale=locale,
                                  fraction=LLM_ADJUST_FRACTION)
        review = self._parse(self._complete(messages), rules)
        try:
            self.cache.set(key, review.model_dump())
        except Exception:  # a cache outage costs a repeat request later, nothing more
            log.warning("LLM review cache write failed", exc_info=True)
        return self._merge(kind, input, brief, rules, review, cached_hit=False)

    def for_learner(self, learner_key: str) -> LearnerReviewer:
        """A reviewer for `tutor.critique(llm=...)` that counts against one learner's budget."""
        return LearnerReviewer(self, learner_key)

    def _merge(self, kind: str, input: Any, brief: dict | None, rules: dict, review: Review, *,
               cached_hit: bool) -> dict:
        """Merged critique, labelled with the model and whether it came from cache."""
        result = merge_review(rules, review, fraction=LLM_ADJUST_FRACTION)
        if result["rewrite"] and not rewrite_is_clean(kind, result["rewrite"], input, brief):
            result["rewrite"] = ""  # never show learners an example that breaks the rules
        result.update(llm_model=self.model, llm_cached=cached_hit)
        return result

    def _cached_review(self, key: str, rules: dict) -> Review | None:
        """A previously validated review, or None (a stale or corrupt entry is a miss)."""
        try:
            raw = self.cache.get(key)
        except Exception:  # treat an unreachable cache as a miss
            log.warning("LLM review cache read failed", exc_info=True)
            return None
        if raw is None:
            return None
        try:
            return self._validate(raw, rules)
        except LLMFailure:
            return None

    def _complete(self, messages: list[dict]) -> str:
        """One chat completion in JSON mode, retried with backoff on transient errors."""
        for attempt in range(self.max_retries + 1):
            try:
                response = self.client.chat.completions.create(
                    model=self.model, messages=messages, temperature=self.temperature,
                    max_tokens=self.max_tokens, response_format={"type": "json_object"},
                )
                return _content(response)
            except openai.OpenAIError as exc:
                code, retry_after = _classify(exc)
                if code is None or attempt == self.max_retries:
                    raise LLMFailure(_final_code(exc, code), str(exc)) from exc
                log.info("LLM %s, retry %d/%d", code, attempt + 1, self.max_retries)
                time.sleep(self._delay(attempt, retry_after))
        raise LLMFailure("failed")  # unreachable: the loop returns or raises

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with full jitter; a server's Retry-After wins, within bounds."""
        if retry_after is not None:
            return min(self.backoff_max, max(0.0, retry_after))
        return random.uniform(0, min(self.backoff_max, self.backoff_base * 2**attempt))

    def _parse(self, content: str, rules: dict) -> Review:
        """Decode the JSON answer and validate it against the schema and the rubric."""
        try:
            data = json.loads(content)
        except (json.JSONDecodeError, TypeError) as exc:
            raise LLMFailure("malformed_json", str(exc)[:200]) from exc
        return self._validate(data, rules)

    def _validate(self, data: Any, rules: dict) -> Review:
        """Schema check plus: every rubric criterion is reviewed."""
        try:
            review = Review.model_validate(data)
            check_covers(review, [c["id"] for c in rules.get("criteria", [])])
        except (ValidationError, ValueError) as exc:
            raise LLMFailure("schema", str(exc)[:300]) from exc
        return review


class LearnerReviewer:
    """LLMCritic.review with the learner's budget key filled in."""

    def __init__(self, critic: LLMCritic, learner_key: str):
        self.critic, self.learner_key = critic, learner_key

    def review(self, kind: str, input: Any, brief: dict | None, rules_critique: dict, *,
               locale: str = "zh_CN") -> dict:
        """See LLMCritic.review."""
        return self.critic.review(kind, input, brief, rules_critique, locale=locale,
                                  learner_key=self.learner_key)


def fallback(rules: dict, status: str, code: str) -> dict:
    """The rules critique unchanged, labelled so the UI can say "AI feedback delayed"."""
    result = copy.deepcopy(rules)
    result.update(engine="rules", llm_status=status, llm_error=code)
    return result


def _content(response: Any) -> str:
    """The assistant message text; an empty or truncated answer is malformed."""
    try:
        choice = response.choices[0]
    except (AttributeError, IndexError, TypeError) as exc:
        raise LLMFailure("malformed_response", "no choices") from exc
    if choice.finish_reason == "length":
        raise LLMFailure("malformed_json", "answer truncated (finish_reason=length)")
    if not choice.message or not choice.message.content:
        raise LLMFailure("malformed_json", "empty answer")
    return choice.message.content


def _classify(exc: openai.OpenAIError) -> tuple[str | None, float | None]:
    """(retry code, Retry-After seconds) for transient errors; (None, None) otherwise."""
    if isinstance(exc, openai.APITimeoutError):
        return "timeout", None
    if isinstance(exc, openai.APIConnectionError):
        return "connection", None
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status in _RETRY_STATUS or status >= 500:
            code = "rate_limited" if status == 429 else f"http_{status}"
            return code, _retry_after(exc)
    return None, None


def _final_code(exc: openai.OpenAIError, code: str | None) -> str:
    """The llm_error code reported after giving up."""
    if code in ("timeout", "connection", "rate_limited"):
        return code
    if isinstance(exc, openai.APIStatusError):
        return "http_error"
    return "api_error"


def _retry_after(exc: openai.APIStatusError) -> float | None:
    """Seconds from a Retry-After header, if the server sent a number."""
    try:
        return float(exc.response.headers.get("retry-after", ""))
    except (TypeError, ValueError, AttributeError):
        return None
