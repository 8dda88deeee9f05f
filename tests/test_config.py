"""The settings: one object read from the environment, every variable documented."""

from pathlib import Path

import pytest

from analysis import config
from analysis.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
VARIABLES = [
    config.DB_ENV,
    config.MODEL_ENV,
    config.NO_SAMPLE_ENV,
    config.MAX_MB_ENV,
    config.POOL_ENV,
    config.FETCH_ALLOW_ENV,
    config.FETCH_MAX_MB_ENV,
    config.FETCH_TIMEOUT_ENV,
    config.BIG_TEXT_ENV,
]


def test_defaults_when_nothing_is_set():
    s = Settings.from_env({})
    assert (s.db, s.model, s.no_sample, s.max_file_mb) == (None, None, False, 20.0)
    assert s.max_file_bytes == 20 * 1024 * 1024


def test_each_variable_is_read():
    s = Settings.from_env(
        {
            "CONFLICT_TRACKER_DB": "sqlite:///x.db",
            "CONFLICT_TRACKER_MODEL": "en_core_web_md",
            "CONFLICT_TRACKER_NO_SAMPLE": "1",
            "CONFLICT_TRACKER_MAX_FILE_MB": "0.5",
            "CONFLICT_TRACKER_POOL": "/data/pool",
        }
    )
    assert (s.db, s.model, s.no_sample, s.max_file_bytes, s.pool) == (
        "sqlite:///x.db",
        "en_core_web_md",
        True,
        512 * 1024,
        "/data/pool",
    )


def test_fetch_settings_are_read():
    s = Settings.from_env(
        {
            "CONFLICT_TRACKER_FETCH_ALLOW": " 127.0.0.1, news.internal ,,10.0.0.0/8",
            "CONFLICT_TRACKER_FETCH_MAX_MB": "2",
            "CONFLICT_TRACKER_FETCH_TIMEOUT": "3.5",
        }
    )
    assert s.fetch_allow == ("127.0.0.1", "news.internal", "10.0.0.0/8")
    assert (s.fetch_max_bytes, s.fetch_timeout) == (2 * 1024 * 1024, 3.5)
    default = Settings.from_env({})
    assert (default.fetch_allow, default.fetch_max_mb, default.fetch_timeout) == ((), 5.0, 30.0)


@pytest.mark.parametrize("raw", ["", "lots", "20MB"])
def test_unreadable_size_falls_back_to_the_default(raw):
    assert Settings.from_env({"CONFLICT_TRACKER_MAX_FILE_MB": raw}).max_file_mb == 20.0


@pytest.mark.parametrize(
    "raw, chars", [("", 100_000), ("5000", 5000), ("lots", 100_000), ("0", 1), ("2.5e3", 2500)]
)
def test_big_text_size_is_read_in_characters(raw, chars):
    assert Settings.from_env({config.BIG_TEXT_ENV: raw}).big_text_chars == chars


@pytest.mark.parametrize("value", ["0", "yes", "true", ""])
def test_only_1_switches_the_sample_corpus_off(value):
    assert Settings.from_env({"CONFLICT_TRACKER_NO_SAMPLE": value}).no_sample is False


def test_empty_variables_count_as_unset():
    s = Settings.from_env({"CONFLICT_TRACKER_DB": "", "CONFLICT_TRACKER_MODEL": ""})
    assert s.db is None and s.model is None


def test_settings_follow_the_environment_after_import(monkeypatch):
    monkeypatch.setenv(config.MODEL_ENV, "later_model")
    assert config.settings().model == "later_model"


@pytest.mark.parametrize("name", VARIABLES)
def test_every_variable_is_documented(name):
    assert f"`{name}`" in README.read_text(encoding="utf-8")
