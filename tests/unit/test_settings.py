"""One settings object: every variable of README's configuration table is one of its fields, under the name and
default the README gives; a .env file sets each of them; and no shipped module reads a TIETRACE_ variable from
os.environ itself (such a read never sees the .env file)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graph.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("graph", "names", "queries", "resolve", "ingest", "access", "screening", "api", "tietrace")


def readme_variables() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Configuration", 1)[1].split("\n### ", 1)[0]
    return sorted(set(re.findall(r"`(TIETRACE_[A-Z0-9_]+)`", table)))


def field_of(settings: Settings, variable: str) -> object:
    """The value a variable sets: TIETRACE_X_Y is field x_y, TIETRACE_API_X_Y is api.x_y."""
    name = variable.removeprefix("TIETRACE_").lower()
    if name.startswith("api_"):
        return getattr(settings.api, name.removeprefix("api_"))
    return getattr(settings, name)


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No TIETRACE_ variable of the developer's, and a working directory without a .env file."""
    for variable in readme_variables():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_table_lists_real_settings() -> None:
    variables = readme_variables()
    assert "TIETRACE_GRAPH_URI" in variables and "TIETRACE_API_MAX_ROWS" in variables and len(variables) >= 18
    settings = Settings()
    for variable in variables:
        field_of(settings, variable)  # AttributeError names a variable the README promises and nothing reads


def test_defaults_are_the_readme_s(clean: Path) -> None:
    settings = Settings()
    assert settings.graph_uri is None and settings.embedded
    assert settings.graph_user == "neo4j" and settings.graph_password.get_secret_value() == ""
    assert settings.data_dir == Path(".tietrace") and settings.query_timeout == 30.0
    assert settings.cypher_row_cap == 1000 and settings.engine_heap == "4g" and settings.engine_start_timeout == 90.0
    assert settings.ingest_commit_every == 1000 and settings.profiles_dir is None and settings.rules_dir is None
    assert settings.openalex_mailto == "" and settings.openalex_api_key.get_secret_value() == ""
    assert settings.trade_gov_key.get_secret_value() == "" and settings.spacy_model == ""
    assert settings.api.open is False and settings.api.max_rows == 50_000 and settings.api.max_name_length == 500
    assert settings.keys_path == Path(".tietrace/api-keys.json")
    assert settings.audit_path == Path(".tietrace/audit.jsonl")


def test_the_environment_and_a_dotenv_file_set_the_same_fields(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIETRACE_API_MAX_ROWS", "12")
    monkeypatch.setenv("TIETRACE_API_OPEN", "1")
    monkeypatch.setenv("TIETRACE_QUERY_TIMEOUT", "7")
    (clean / ".env").write_text(
        "TIETRACE_OPENALEX_MAILTO=ops@example.org\nTIETRACE_TRADE_GOV_KEY=k-123\nTIETRACE_RULES_DIR=/srv/rules\n"
        "TIETRACE_API_KEYS_FILE=/srv/keys.json\nTIETRACE_API_MAX_ROWS=99\n",
        encoding="utf-8",
    )
    settings = Settings()
    assert settings.api.max_rows == 12  # the environment wins over .env
    assert settings.api.open is True and settings.query_timeout == 7.0
    assert settings.openalex_mailto == "ops@example.org" and settings.trade_gov_key.get_secret_value() == "k-123"
    assert settings.rules_dir == Path("/srv/rules") and settings.keys_path == Path("/srv/keys.json")


def test_an_empty_variable_means_the_default(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("TIETRACE_PROFILES_DIR", "TIETRACE_API_OPEN", "TIETRACE_GRAPH_URI", "TIETRACE_API_MAX_ROWS"):
        monkeypatch.setenv(variable, "")
    settings = Settings()
    assert settings.profiles_dir is None and settings.api.open is False and settings.embedded
    assert settings.api.max_rows == 50_000


def test_a_bad_value_names_the_setting(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIETRACE_API_MAX_ROWS", "many")
    with pytest.raises(ValueError, match=r"api\.max_rows"):
        Settings()


def test_settings_are_read_once(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_settings()
    monkeypatch.setenv("TIETRACE_CYPHER_ROW_CAP", "5")
    assert get_settings() is first and first.cypher_row_cap == 1000


def test_no_module_reads_tietrace_variables_from_os_environ() -> None:
    found = []
    for package in SHIPPED:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                # os.environ.get("TIETRACE_..."), os.environ["TIETRACE_..."], os.getenv("TIETRACE_...")
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    continue
                text = ast.unparse(node) if isinstance(node, ast.Call | ast.Subscript) else ""
                if re.match(r"os\.(environ\.get|environ\[|getenv)\(?", text) and "TIETRACE_" in text:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {text}")
                elif re.match(r"os\.(environ\.get|getenv)\(", text) and "TIETRACE_" not in text:
                    # a name held in a constant (KEY_ENV): the value must not be a TIETRACE_ variable either
                    found.extend(_constant_reads(path, node, text))
    assert found == []


def _constant_reads(path: Path, node: ast.AST, text: str) -> list[str]:
    assert isinstance(node, ast.Call)
    arg = node.args[0] if node.args else None
    if not isinstance(arg, ast.Name):
        return []
    source = path.read_text(encoding="utf-8")
    if re.search(rf'^{arg.id}\s*(:[^=]+)?=\s*"TIETRACE_', source, re.MULTILINE):
        return [f"{path.relative_to(ROOT)}:{node.lineno} {text}"]
    return []


def test_names_ignore_case_a_section_may_be_json_arguments_win(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules pydantic-settings applied, now graph/settings.py's own."""
    monkeypatch.setenv("tietrace_engine_heap", "2g")
    monkeypatch.setenv("TIETRACE_API", '{"max_rows": 7, "open": true}')
    monkeypatch.setenv("TIETRACE_API_OPEN", "0")  # a section's field by itself wins over the section's JSON
    monkeypatch.setenv("TIETRACE_NOT_A_SETTING", "x")
    settings = Settings(query_timeout=3.0, api={"max_name_length": 9})
    assert settings.engine_heap == "2g" and settings.query_timeout == 3.0
    assert (settings.api.max_rows, settings.api.open, settings.api.max_name_length) == (7, False, 9)
    monkeypatch.setenv("TIETRACE_API", "[1]")
    with pytest.raises(ValueError, match="TIETRACE_API must be a JSON object"):
        Settings()
