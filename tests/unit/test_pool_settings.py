"""The engine's pool: sized for 50 sessions at once by default, each setting changeable by environment."""

import pytest

from store.db import DatabaseSettingInvalid, PoolSettings, make_engine


def test_by_default_fifty_sessions_get_a_connection_at_once_and_a_waiting_one_gives_up_in_ten_seconds():
    settings = PoolSettings.from_env({})
    assert settings.pool_size + settings.max_overflow >= 50
    assert (settings.pool_timeout, settings.pre_ping, settings.busy_timeout) == (10.0, True, 15.0)


def test_every_setting_can_be_changed_by_the_environment():
    settings = PoolSettings.from_env(
        {
            "DATABASE_POOL_SIZE": "4",
            "DATABASE_MAX_OVERFLOW": "0",
            "DATABASE_POOL_TIMEOUT": "2.5",
            "DATABASE_POOL_PRE_PING": "no",
            "DATABASE_BUSY_TIMEOUT": "0",
        }
    )
    assert settings == PoolSettings(
        pool_size=4, max_overflow=0, pool_timeout=2.5, pre_ping=False, busy_timeout=0
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_POOL_SIZE", "0"),
        ("DATABASE_POOL_SIZE", "ten"),
        ("DATABASE_MAX_OVERFLOW", "-1"),
        ("DATABASE_POOL_TIMEOUT", "nan"),
        ("DATABASE_POOL_PRE_PING", "maybe"),
        ("DATABASE_BUSY_TIMEOUT", "-5"),
    ],
)
def test_a_setting_out_of_range_is_refused_with_its_name(name, value):
    with pytest.raises(DatabaseSettingInvalid, match=name):
        PoolSettings.from_env({name: value})


def test_a_postgresql_engine_gets_the_configured_pool_without_connecting(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_SIZE", "12")
    engine = make_engine("postgresql://frontdesk@db.invalid/frontdesk")
    assert (engine.pool.size(), engine.pool.timeout()) == (12, 10.0)
    assert engine.pool._max_overflow == PoolSettings.max_overflow  # type: ignore[attr-defined]
    assert engine.pool._pre_ping is True  # type: ignore[attr-defined]
    engine.dispose()
