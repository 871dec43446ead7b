"""Operational state: which queue workers are alive."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from lms.clock import utcnow
from lms.extensions import db


class WorkerHeartbeat(db.Model):
    """Each worker writes its row every few seconds; /healthz reads the freshest."""

    __tablename__ = "worker_heartbeats"

    hostname: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LlmUsage(db.Model):
    """How many LLM reviews one learner used on one day (UTC), shared by every worker."""

    __tablename__ = "llm_usage"

    learner_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    used: Mapped[int] = mapped_column(default=0)
