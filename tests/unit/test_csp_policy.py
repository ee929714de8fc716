"""The Content-Security-Policy core: which inline scripts are the theme's, and the policy."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from briefing.website import csp

BASE = '<script>__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)</script>'
CONTENT = "<script>var target=document.getElementById(location.hash.slice(1))</script>"
THEME = csp.ThemeScripts.from_templates(
    [BASE + "\n{% if x %}<script>{{ y }}{% if z %}</script>{% endif %}", CONTENT]
)


def page(body: str, head_scripts: str = "") -> str:
    head = f"<head>{csp.meta_tag()}<meta charset=utf-8>{head_scripts}</head>"
    return f"<!doctype html><html>{head}<body>{body}</body></html>"


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_base_policy_forbids_inline_script_and_other_origins() -> None:
    text = csp.policy()
    # Compiling WebAssembly (Pagefind's search) is the one thing allowed beyond the origin.
    assert "script-src 'self' 'wasm-unsafe-eval';" in text
    assert "object-src 'none'" in text and "base-uri 'self'" in text
    assert "form-action 'self'" in text and "default-src 'self'" in text
    assert "unsafe" not in text.replace("'wasm-unsafe-eval'", "")
    assert "http" not in text and "*" not in text
    assert "frame-ancestors" not in text  # ignored, with a console error, in a <meta>
    assert "frame-ancestors 'self'" in csp.policy(header=True)


def test_hashes_go_into_script_src_sorted_and_once() -> None:
    text = csp.policy(["sha256-b", "sha256-a", "sha256-b"])
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-a' 'sha256-b';" in text


def test_a_theme_script_is_known_with_any_relative_url_in_its_slot() -> None:
    for url in (".", "..", "../../..", "/", "/sub/path/"):
        assert THEME.knows(f'__md_scope=new URL("{url}",location)')
    assert THEME.knows("var target=document.getElementById(location.hash.slice(1))")


def test_a_slot_cannot_carry_code_out_of_its_string() -> None:
    assert not THEME.knows('__md_scope=new URL("",alert(1),"",location)')
    assert not THEME.knows('__md_scope=new URL("javascript:alert(1)",location)')
    assert not THEME.knows('__md_scope=new URL("\\u0022",location)')


def test_a_script_with_template_logic_inside_is_not_a_pattern() -> None:
    assert not THEME.knows("anything")
    assert len(THEME.patterns) == 2


def test_seal_hashes_the_theme_scripts_and_nothing_injected() -> None:
    theme_script = '__md_scope=new URL("..",location)'
    injected = "alert(1)"
    html = page(
        f"<p>text</p><script>{injected}</script><script src=x.js></script>"
        '<script type="application/json">{"a": 1}</script>',
        f"<script>{theme_script}</script>",
    )
    sealer = csp.Sealer(THEME)
    sealed = sealer.seal(html)
    tag = sealed[sealed.index("<head>") + 6 :].split(">", 1)[0]
    assert f"'{sha(theme_script)}'" in tag
    assert sha(injected) not in sealed
    assert tag.count("'sha256-") == 1
    assert sealed.count("Content-Security-Policy") == 1
    assert sealer.hashes == {sha(theme_script)}


def test_a_copy_of_a_theme_script_in_the_content_gains_nothing_new() -> None:
    # It is the theme's own code, so its hash is the one the theme needs anyway.
    script = "var target=document.getElementById(location.hash.slice(1))"
    sealed = csp.Sealer(THEME).seal(page(f"<script>{script}</script>"))
    assert sealed.count("'sha256-") == 1


def test_a_page_without_the_tag_gets_one_first_in_head() -> None:
    sealed = csp.Sealer(THEME).seal("<html><head><title>x</title></head></html>")
    assert sealed.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="')
    assert (
        csp.Sealer(THEME).seal("<?xml version='1.0'?><urlset/>") == "<?xml version='1.0'?><urlset/>"
    )


def test_headers_file_lists_every_page_hash() -> None:
    sealer = csp.Sealer(THEME)
    sealer.seal(page("", '<script>__md_scope=new URL(".",location)</script>'))
    sealer.seal(page("", '<script>__md_scope=new URL("../..",location)</script>'))
    text = sealer.headers_file()
    assert text.startswith("/*\n  Content-Security-Policy: default-src 'self';")
    assert text.count("'sha256-") == 2 and "frame-ancestors 'self'" in text


def test_materials_templates_give_the_known_bootstrap_scripts() -> None:
    import material

    templates = Path(material.__file__).parent / "templates"
    theme = csp.ThemeScripts.from_dirs([templates])
    for name in ("base", "palette", "content"):
        text = (templates / f"partials/javascripts/{name}.html").read_text(encoding="utf-8")
        script = re.findall(r"<script>(.*?)</script>", text, re.DOTALL)[-1]
        assert theme.knows(script.replace("{{ config.extra.scope | d(base_url) }}", "../.."))


def test_preview_pages_carry_no_policy_so_live_reload_runs() -> None:
    sealer = csp.Sealer(THEME, preview=True)
    sealed = sealer.seal(page("", '<script>__md_scope=new URL(".",location)</script>'))
    assert "Content-Security-Policy" not in sealed
    assert "<meta charset=utf-8>" in sealed
