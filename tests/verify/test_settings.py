import pytest

from verify.config import Settings, SettingsError


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"VERIFY_DATABASE_URL": "mysql://x/y"}, "VERIFY_DATABASE_URL"),
        ({"VERIFY_DATABASE_URL": "sqlite:////nonexistent/registry.db"}, "init-db"),
        ({"VERIFY_PUBLIC_BASE_URL": "verify.example"}, "VERIFY_PUBLIC_BASE_URL"),
    ],
)
def test_wrong_settings_stop_verify_with_the_setting_named(environ, named, tmp_path):
    (tmp_path / "registry.db").touch()
    with pytest.raises(SettingsError, match=named):
        Settings.from_env({"REGISTRY_VAR_DIR": str(tmp_path), **environ})
