"""The instructor's PIN is kept only as a salted hash and checked exactly."""

import pytest

from game.session.pin import PinError, check_pin, hash_pin, pin_problem


def test_a_pin_matches_only_itself():
    stored = hash_pin("4711")
    assert "4711" not in str(stored)
    assert check_pin(stored, "4711")
    assert not check_pin(stored, "4712")
    assert not check_pin(stored, "")


def test_two_hashes_of_one_pin_differ():
    assert hash_pin("4711") != hash_pin("4711")


@pytest.mark.parametrize("bad", ["12", "x" * 33, " 1234", "12\x1b34"])
def test_unusable_pins_are_refused(bad):
    assert pin_problem(bad)
    with pytest.raises(PinError):
        hash_pin(bad)


@pytest.mark.parametrize("stored", [None, {}, {"salt": "zz", "scrypt": "00"}, [1, 2],
                                    {"salt": "00" * 16, "scrypt": 5}])
def test_a_malformed_record_matches_nothing(stored):
    assert not check_pin(stored, "4711")
