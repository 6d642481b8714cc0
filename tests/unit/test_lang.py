"""Language: declared, checked against the text."""

from __future__ import annotations

from reader.core.extract.lang import choose_language, guess_language, primary_subtag

ID_TEXT = (
    "Pemerintah kota mengatakan bahwa jalan yang rusak akan diperbaiki dalam waktu dekat. "
    "Warga yang tinggal di sekitar pasar juga meminta agar saluran air dibersihkan, karena "
    "setiap kali hujan turun air meluap ke rumah mereka dan mengganggu kegiatan sehari-hari."
)
EN_TEXT = (
    "The city council said that the damaged road would be repaired in the coming weeks. "
    "Residents who live near the market have also asked for the drains to be cleared, as "
    "every time it rains the water spills into their homes and disrupts their daily routine."
)


def test_primary_subtag() -> None:
    assert primary_subtag("en-US") == "en"
    assert primary_subtag("pt_BR") == "pt"
    assert primary_subtag("in") == "id"
    assert primary_subtag("!!") is None
    assert primary_subtag(None) is None


def test_guess() -> None:
    assert guess_language(ID_TEXT)[0] == "id"
    assert guess_language(EN_TEXT)[0] == "en"
    assert guess_language("Москва приняла решение о новом бюджете города")[0] == "ru"
    assert guess_language("") == (None, 0.0)


def test_wrong_template_language_is_corrected() -> None:
    assert choose_language("en", ID_TEXT) == "id"


def test_declared_language_kept_when_text_agrees_or_is_unclear() -> None:
    assert choose_language("en-GB", EN_TEXT) == "en"
    assert choose_language("de", "ok") == "de"
    assert choose_language("uk", "Київ оголосив про новий бюджет міста на наступний рік") == "uk"
    assert choose_language(None, ID_TEXT) == "id"
