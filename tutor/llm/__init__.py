"""LLM critic: enriches a rule critique through any OpenAI-compatible chat endpoint.

    from tutor import critique
    from tutor.llm import LLMCritic

    critic = LLMCritic.from_env()          # None unless TUTOR_LLM_BASE_URL and _MODEL are set
    result = critique("copy", {"body": "..."}, brief, pass_score=70,
                      llm=critic.for_learner(str(user_id)) if critic else None)

`result["engine"]` is "rules+llm" with `strengths`, `improvements`, `rewrite` added, or "rules"
with `llm_status` "failed" (`llm_error`: timeout, connection, rate_limited, http_error,
malformed_json, schema …), "budget_exceeded" or "skipped" (prompt injection). The LLM can move
quality criteria by ±LLM_ADJUST_FRACTION of their max; tutor.scoring.apply_caps has the last word.
"""

from .budget import DailyBudget, MemoryBudget
from .cache import MemoryCache, ReviewCache, SqliteCache, cache_key
from .critic import LearnerReviewer, LLMCritic, LLMFailure, fallback
from .prompt import PROMPT_VERSION, strip_invisible

__all__ = [
    "PROMPT_VERSION",
    "DailyBudget",
    "LLMCritic",
    "LLMFailure",
    "LearnerReviewer",
    "MemoryBudget",
    "MemoryCache",
    "ReviewCache",
    "SqliteCache",
    "cache_key",
    "fallback",
    "strip_invisible",
]
