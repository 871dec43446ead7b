"""Domain errors raised by the tutor library; callers render them in the learner's language."""


class TutorError(Exception):
    """Base class: `code` is stable for callers, `message` is human-readable (Chinese)."""

    code = "tutor.error"

    def __init__(self, message: str, *, code: str | None = None, message_en: str | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        if code:
            self.code = code


class InputError(TutorError):
    """The learner's input (text, JSON, brief) cannot be critiqued as given."""

    code = "input.invalid"


class AudioError(InputError):
    """Audio that is empty, too large, too long, or cannot be decoded."""

    code = "audio.invalid"


class ModelError(TutorError):
    """The speech model is missing, corrupt or cannot be loaded (an operator problem)."""

    code = "asr.model_unavailable"
