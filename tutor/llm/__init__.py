"""LLM critic: enriches a rule critique through any OpenAI-compatible chat endpoint."""

from .budget import DailyBudget, MemoryBudget
from .cache import MemoryCache, ReviewCache, SqliteCache, cache_key
from .critic import LLMCritic, LLMFailure, fallback
from .prompt import PROMPT_VERSION, strip_invisible

__all__ = [
    "PROMPT_VERSION",
    "DailyBudget",
    "LLMCritic",
    "LLMFailure",
    "MemoryBudget",
    "MemoryCache",
    "ReviewCache",
    "SqliteCache",
    "cache_key",
    "fallback",
    "strip_invisible",
]
