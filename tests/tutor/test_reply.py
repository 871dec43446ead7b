"""Customer-service reply rules."""

from __future__ import annotations

import pytest

from tests.tutor.tutor_helpers import codes_of


def reply(text: str, message: str = "三天了怎么还没发货？") -> set[str]:
    """Codes for one reply."""
    return codes_of("reply", {"message": message, "reply": text})


def test_good_reply():
    assert not reply("非常抱歉让您久等了，我马上帮您催快递，今天发不出就给您退款。")


def test_cold_reply_has_neither():
    assert {"reply.no_empathy", "reply.no_solution"} <= reply("等着吧，现在订单多。")


@pytest.mark.parametrize("text", ["不好意思让您久等了。", "理解您着急的心情。", "给您带来不便，很抱歉。"])
def test_empathy_without_remedy(text):
    codes = reply(text)
    assert "reply.no_empathy" not in codes and "reply.no_solution" in codes


@pytest.mark.parametrize("text", ["单号是SF123456789，已帮您催快递。", "已为您补发一袋。", "可以申请换货。"])
def test_remedy_without_empathy(text):
    codes = reply(text)
    assert "reply.no_solution" not in codes and "reply.no_empathy" in codes


@pytest.mark.parametrize("text", ["抱歉，拆封后不能退款。", "抱歉，这个没法补发。", "抱歉，退款是不可能的。",
                                  "抱歉，你自己查物流吧。"])
def test_refusals_are_not_solutions(text):
    assert "reply.no_solution" in reply(text)


@pytest.mark.parametrize("text", ["不是我们的问题，快递慢。", "这又不是我们的错。"])
def test_denying_blame_is_not_empathy(text):
    assert "reply.no_empathy" in reply(text)


def test_denying_blame_then_apologising_is_empathy():
    assert "reply.no_empathy" not in reply("虽然不是我们的问题，但还是很抱歉，我马上帮您催快递。")


def test_dismissive_words_are_not_empathy():
    assert "reply.no_empathy" in reply("有什么好着急的，给您补发就是了。")


def test_reply_without_message_is_accepted():
    assert "reply.no_solution" not in codes_of("reply", {"reply": "抱歉，马上给您补发。"})
