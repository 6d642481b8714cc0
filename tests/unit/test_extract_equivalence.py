"""Faster stand-ins for readability-lxml's own tests give the same answers."""

from __future__ import annotations

from lxml.etree import tostring, tounicode
from lxml.html import fragment_fromstring
from readability.readability import REGEXES

from reader.core.extract.readable import _holds_block

_MARKUP = """
<div>
  <span>plain words <b>bold</b> and a <a href="/x?a=<div>">link &lt;p&gt;</a></span>
  <span title="&lt;table&gt;" data-x="<img>">escaped <i>only</i></span>
  <span>holds <img src="a.png"> a picture</span>
  <a href="/y"><div>a block inside a link</div></a>
  <em>prefix <picture><source srcset="b.png"></picture> of p</em>
  <font>a <ul><li>list</li></ul></font>
  <code>x &lt; y</code> tail with &lt;div&gt; text
  <span>raw <style>.a{content:"<div"}</style></span>
  <span>raw <script>var s = "<p>";</script></span>
  <small><OL><li>upper case</li></OL></small>
</div>
"""


def test_holds_block_matches_readabilitys_markup_search() -> None:
    pattern = REGEXES["divToPElementsRe"]
    root = fragment_fromstring(_MARKUP)
    checked = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        as_xml = pattern.search(str(tostring(el, encoding="utf-8"))) is not None
        as_html = pattern.search(tounicode(el, method="html")) is not None
        assert _holds_block(el, raw_text=False) is as_xml, tounicode(el)
        assert _holds_block(el, raw_text=True) is as_html, tounicode(el)
        checked += 1
    assert checked > 20
