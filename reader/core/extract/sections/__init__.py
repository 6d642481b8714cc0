"""The page's link lists: related stories, read-also lines, most popular, latest,
editor's picks and other headed lists of stories.

Works on the whole page, not on readability's output. In outline:

1. every link is classified once: is it a story (an article-like address and
   a headline-like text), or a menu item, tag, author, share or "more" button?
   (`links`);
2. the elements where story links branch (the lowest element holding two or
   more of them) are the candidate lists (`finder`);
3. each candidate looks for its heading: its own first child, the element
   before it, climbing through wrappers that add no stories; a heading made
   of several labels over as many lists is a tab widget (`headings`);
4. the heading's words give the kind (in many languages); generic headings
   ("Berita Lainnya") and unheaded lists take it from class or tracking hints
   (`kinds`, with the words in `reader.core.extract.vocabulary`);
5. navigation, menus, share bars, comments and ads are left out; inline
   "read also" lines are their own sections (`finder`).

No per-site rules: only structure and shared vocabulary.
"""

from reader.core.extract.sections.finder import FoundSection, find_sections

__all__ = ["FoundSection", "find_sections"]
