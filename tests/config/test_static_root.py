"""Where collectstatic writes: REGISTRY_STATIC_ROOT when set (bench/load.py collects into a directory of
its own, so that a test run serving the project's staticfiles/ meanwhile is not disturbed), else the
project's staticfiles/."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def static_root_with(**environment) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **environment}
    code = "from django.conf import settings; print(settings.STATIC_ROOT)"
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_static_root_is_the_projects_unless_the_environment_names_another(tmp_path):
    assert Path(settings.STATIC_ROOT) == ROOT / "staticfiles"
    assert static_root_with(REGISTRY_STATIC_ROOT=str(tmp_path / "static")) == str(tmp_path / "static")
