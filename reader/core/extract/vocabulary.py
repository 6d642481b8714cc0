"""Words that tell what a block or a link list is: boilerplate class names,
read-also labels and boilerplate sentences; the section finder's heading words,
class hints, "more" buttons, and the navigation, ad and share words that rule a
list out. In English, Indonesian and the common European languages. No per-site
rules: only vocabulary that many sites share.
"""

from __future__ import annotations

import re

#: Class/id words of blocks that are never article text.
BOILERPLATE_TOKENS = frozenset(
    {
        # sharing and following
        "share", "shares", "sharing", "sharer", "social", "socials", "sosmed", "follow",
        "sharebar", "addthis", "sharethis", "bagikan",
        # newsletters, subscriptions, paywalls
        "newsletter", "newsletters", "subscribe", "subscription", "signup", "paywall",
        "donate", "donation", "membership", "support", "tipline", "optin", "registration",
        "regwall",
        # ads and promotions
        "ad", "ads", "advert", "advertisement", "adv", "adsense", "dfp", "gpt", "sponsor",
        "sponsored", "promo", "promotion", "outbrain", "taboola", "mgid", "revcontent",
        "iklan", "banner", "commercial", "partner", "affiliate",
        # navigation and page chrome
        "breadcrumb", "breadcrumbs", "pagination", "pager", "navbar", "menu", "toolbar",
        "print", "cookie", "cookies", "consent", "modal", "popup", "overlay",
        # link lists and engagement
        "related", "recommended", "recommendation", "recommendations", "rekomendasi",
        "terkait", "populer", "terpopuler", "trending", "mostread", "most", "popular",
        "comments", "comment", "komentar", "disqus", "tags", "tag", "topics", "keywords",
        "bacajuga", "readalso", "readmore", "alsoread", "lihatjuga",
        # article chrome
        "byline", "author", "dateline", "kicker", "eyebrow", "listen", "audio", "tts",
        "audioplayer", "readspeaker", "timestamp", "meta", "caption-credit", "credit",
        "credits", "copyright", "rating", "reactions", "reaction", "emoji", "votes",
    }
)  # fmt: skip

#: Class/id words that mark a block as the article body; never drop those.
CONTENT_TOKENS = frozenset(
    {"article", "content", "body", "entry", "post", "story", "text", "main", "isi",
     "detail", "artikel", "berita", "read", "articlebody", "txt"}
)  # fmt: skip

#: Labels of inline "read also" lines. Matched at the start of a block's text,
#: which must be stripped first (see `match_label`).
READ_ALSO_LABEL = re.compile(
    r"""^[\[(]?\s*(?:
        baca\s+(?:juga|pula|lagi|selengkapnya|berita\s+lainnya)
      | lihat\s+juga | simak\s+juga | cek\s+juga | tonton\s+juga | saksikan\s+juga
      | jangan\s+lewatkan | berita\s+terkait | artikel\s+terkait
      | read\s+(?:also|more|next|this) | also\s+read | also\s+see | see\s+also
      | related(?:\s+(?:articles?|story|stories|content|coverage|reading|news|posts?|links?))?
      | more\s+on\s+this(?:\s+story)? | recommended(?:\s+reading)? | don'?t\s+miss | must\s+read
      | click\s+here\s+to\s+read | you\s+may\s+also\s+like | further\s+reading
      | leggi\s+anche | lire\s+aussi | à\s+lire\s+aussi | a\s+lire\s+aussi | voir\s+aussi
      | lesen\s+sie\s+auch | auch\s+interessant | mehr\s+zum\s+thema
      | lea\s+también | lee\s+también | ver\s+también | leia\s+(?:também|mais)
      | (?:también\s+)?te\s+puede\s+interesar | quizás\s+te\s+interese | le\s+puede\s+interesar
      | você\s+pode\s+gostar | pode\s+interessar | potrebbe\s+interessarti | vous\s+aimerez\s+aussi
      | das\s+könnte\s+sie\s+auch\s+interessieren | ook\s+interessant
      | lees\s+ook | zie\s+ook | читайте\s+также | смотрите\s+также
    )\s*(?:[:：\-–—|»>›…!]+|\.{2,}|\s*$|(?=\s*[\w"“‘'(\[]))""",
    re.IGNORECASE | re.VERBOSE,
)

#: Whole-block boilerplate sentences (checked on short blocks only).
BOILERPLATE_TEXT = re.compile(
    r"""^\s*(?:
        advertisements?|advertorial|iklan|sponsored(?:\s+content)?|ads?\s+by\b.*|publicidad|anzeige|pubblicità
      | scroll(?:\s+down)?\s+to\s+(?:continue|read).*|scroll\s+untuk\s+melanjutkan.*
      | lanjutkan\s+(?:membaca|baca).*|continue\s+reading.*|story\s+continues\s+below.*
      | article\s+continues\s+below.*|the\s+story\s+continues.*
      | (?:share|bagikan|teilen|partager|compartir)(?:\s+(?:this|on|it|ini|artikel|berita|via)\b.*)?
      | (?:follow|ikuti)\s+(?:us|kami|berita|akun|channel|@).*
      | (?:subscribe|sign\s+up|register|daftar)\b.{0,120}
        (?:newsletter|inbox|email|updates|berlangganan|gratis|free).*
      | (?:get|receive)\s+(?:our|the\s+latest).{0,80}(?:newsletter|inbox|email).*
      | click\s+here\b.* | klik\s+(?:di\s+sini|disini)\b.*
      | download\s+(?:the\s+)?(?:app|aplikasi).*|unduh\s+aplikasi.*
      | loading\.*|memuat\.*|please\s+wait\.*
      | enjoyed\s+this\s+(?:article|story).* | have\s+a\s+(?:news\s+)?tip\b.*
      | support\s+(?:independent|local|our|quality)\s+.{0,40}journalism.*
      | listen\s+to\s+(?:this\s+)?(?:article|story).{0,40} | dengarkan\s+(?:artikel|berita).{0,40}
      | (?:copyright|hak\s+cipta)\b.*|©.*|\(c\)\s+\d{4}.*|all\s+rights\s+reserved.*
      | (?:tags?|topics?|topik|kata\s+kunci|keywords?)\s*:.*
      | (?:photo|foto|image|gambar|video|ilustrasi)\s*:\s*\S.{0,80}
      | (?:editor|penyunting|pewarta|reporter|penulis|sumber|source|author|writer|fotografer
         |photographer|editing\s+by|reporting\s+by|writing\s+by)\s*:.{0,160}
      | (?:photo|foto|picture)s?\s+(?:by|oleh)\s.{0,80}
      | (?:more|other|lainnya)\s+(?:photos?|videos?|stories|galleries|foto|video)
      | (?:foto|video|galeri)\s+lainnya
      | (?:watch|tonton|saksikan)\s*:.{0,120}
      | we\s+use\s+cookies.*|this\s+(?:site|website)\s+uses\s+cookies.*
      | (?:print|email|e-mail|comment|comments|komentar)\s*\d*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


#: Labels that are read-also lines only when written as an inline label
#: ("Related: <link>"); as a heading over a list they name a related/picks list.
WEAK_READ_ALSO_LABEL = re.compile(
    r"^(?:berita|artikel)\s+terkait|^related|^more\s+on|^recommended|^must\s+read|^don'?t\s+miss"
    r"|^jangan\s+lewatkan|^you\s+may\s+also\s+like|^further\s+reading|^mehr\s+zum\s+thema"
    r"|^auch\s+interessant",
    re.IGNORECASE,
)


def starts_with_read_also_label(text: str) -> re.Match[str] | None:
    """The read-also label match at the start of `text` (leading spaces ignored).

    Stripping first keeps the pattern linear on long runs of whitespace."""
    return READ_ALSO_LABEL.match(text.lstrip())


# -- link sections ---------------------------------------------------------------

#: Heading words that name a section's kind, checked in this order (the first
#: match wins: "Berita Terkait Terpopuler" is unlikely, "Foto Terkait" is related,
#: "More from <site>" is more even when it says "Today"). English, Indonesian,
#: German, French, Spanish, Portuguese, Italian, Dutch, Czech, Russian, Korean,
#: Japanese and Chinese. CJK words have no spaces, so no word boundaries there.
SECTION_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "read_also",
        re.compile(
            r"""\b(?:baca\s*(?:juga|pula)|read\s*also|also\s*read|see\s*also|lihat\s*juga
            |simak\s*juga|cek\s*juga|leggi\s*anche|(?:à\s+)?lire\s*aussi|voir\s+aussi
            |lesen\s*sie\s*auch|le[ae]\s*también|ve[ar]\s+también|leia\s*também
            |veja\s+também|читайте\s*также|смотрите\s*также)\b""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
    (
        "related",
        re.compile(
            r"""terkait|berkaitan|\brelated\b|\bmore\s+(?:on|about)\b|\bin\s+this\s+(?:story|series)
            |on\s+the\s+same\s+(?:topic|subject)|\bsimilar\s+(?:stories|articles|posts|news)
            |further\s+reading|zum\s+thema|verwandte|passend\s+dazu
            |sur\s+le\s+même\s+(?:sujet|thème)|articles?\s+(?:similaires|liés|connexes)
            |relacionad|sobre\s+el\s+mismo\s+tema|\bmás\s+sobre\b|\bmais\s+sobre\b
            |saiba\s+mais|sobre\s+o\s+(?:mesmo\s+)?assunto|correlat
            |sullo\s+stesso\s+(?:tema|argomento)|gerelateerd|\bmeer\s+over\b|souvisej
            |по\s+теме|на\s+эту\s+тему|похожие|связанные|関連|관련|相关|相關|延伸阅读|延伸閱讀""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
    (
        "more",
        re.compile(
            r"""^\W*(?:more|mehr|más|mais|plus|ещ[её]|больше)\s+(?:from|in|at|by|aus|von|bei|im
            |de|del|en|em|do|da|no|na|dans|из|от|в|на)\s
            |^\W*(?:also|auch|aussi|también|também|anche)\s+(?:on|at|from|auf|bei|im|sur|dans
            |en|em|no|na|su)\s
            |\bnext\s+up\s+in\b|\belsewhere\s+(?:on|in|at|from)\b|\bacross\s+the\s+network\b
            |\bfrom\s+(?:our|the)\s+(?:network|archives?)\b|\baltr[oi]\s+(?:da|di)\s""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
    (
        "popular",
        re.compile(
            r"""populer|popular|populaire|popolar|populair|trending|\btop\s+\d+|\btop\s+(?:posts|reads)
            |\bmost[\s-]+(?:read|viewed|shared|commented|emailed|watched|clicked|discussed|liked
            |recommended|popular|searched|visited)|\bwhat'?s\s+hot\b|\bhottest\b
            |terbanyak|terkomentari|paling\s+(?:banyak|dibaca|dicari)|banyak\s+dibaca|terhangat
            |meist(?:gelesen|geklickt|kommentiert|gesehen|geteilt|diskutiert)|beliebt
            |am\s+meisten|\bim\s+trend|plus\s+(?:lus?|lues|partagés?|commentés?|vus|consultés?)\b
            |\btendances?\b|\btendencias?\b|más\s+(?:leíd|vist|compartid|comentad)|\blo\s+más\b
            |mais\s+(?:lid|vist|compartilhad|comentad|acessad|clicad)|\bem\s+alta\b
            |più\s+(?:lett|vist|condivis|commentat|cliccat)|di\s+tendenza
            |meest\s+(?:gelezen|bekeken|gedeeld)|nejčten|nejsledovan|nejoblíben
            |популярн|самое\s+(?:читаемое|обсуждаемое)|самые\s+(?:читаемые|обсуждаемые)
            |сейчас\s+читают|в\s+тренде|많이\s*(?:본|읽은)|인기|랭킹|人気|ランキング|よく読まれ
            |热门|熱門|排行""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
    (
        "latest",
        re.compile(
            r"""terkini|terbaru|\blatest\b|\brecent\b|\brecently[\s-]+(?:added|published|updated)\b|\bnewest\b|breaking|just\s+in|in\s+brief
            |hari\s+ini|\btoday\b|\bwhat'?s\s+new\b|\bnew\s+(?:posts|articles|stories)\b
            |update\s+terbaru|neueste|aktuell|\bletzte\s+(?:artikel|meldungen|nachrichten|beiträge)
            |dernières|dernieres|derniers\s+(?:articles|billets)|récents?\b|en\s+continu
            |\b[úu]ltim[ao]s\b|\blo\s+último|\brecientes|\brecentes|\bultim[ei]\b|\bultim'?ora
            |\brecenti\b|laatste|nieuwste|recente|nejnověj|последние|свежие|свежее|лента\s+новостей
            |최신|최근|속보|실시간|最新|新着|速報""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
    (
        "picks",
        re.compile(
            r"""pilihan|rekomendasi|recommend|editor['’]?s?['’]?\s*(?:picks?|choice|selection)
            |\b(?:top|staff|our|daily|weekly)\s+picks?\b|\bpicks\b|must\s*read|wajib\s+baca
            |you\s+(?:may|might|will|could)\s+(?:also\s+)?(?:like|enjoy|love|be\s+interested)
            |for\s+you\b|we\s+love|favou?rites?|picked\s+for\s+you|top\s+(?:stories|news|headlines)
            |\bheadlines?\b|featured|highlights?|spotlight|don['’]?t\s+miss|jangan\s+lewatkan
            |\bread\s+(?:this\s+)?next\b|\bup\s+next\b|essential\s+reading|in\s+case\s+you\s+missed
            |\bicymi\b|berita\s+utama|sorotan|unggulan|empf(?:ehl|ohlen|iehlt)|nicht\s+verpassen
            |könnte\s+sie\s+(?:auch\s+)?interessieren|auch\s+interessant|top[\s-]+themen
            |à\s+la\s+une|sélection|recommand|vous\s+aimerez|à\s+ne\s+pas\s+manquer|l['’]essentiel
            |incontournables|destacad|destaque|recomendad|te\s+puede\s+interesar
            |te\s+podría\s+interesar|quizás?\s+te\s+interese|no\s+te\s+pierdas|imperdibles
            |principales\s+noticias|principais\s+notícias|você\s+pode\s+gostar
            |pode\s+(?:te\s+)?interessar|não\s+perca|escolhas?\s+do\s+editor|seleção|consigliat
            |in\s+evidenza|da\s+non\s+perdere|potrebbe\s+interessarti|scelti\s+per\s+te
            |primo\s+piano|aanbevolen|uitgelicht|doporuč|nepřehlédněte|выбор\s+редакции|главное
            |рекоменд|не\s+пропустите|может\s+быть\s+интересно|주요|추천|놓치|헤드라인
            |おすすめ|オススメ|お勧め|注目|ピックアップ|主要|推荐|推薦|精选|精選|要闻|要聞|头条|頭條""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
)

#: Generic headings: a list of other stories whose kind comes from hints.
GENERIC_HEADING = re.compile(
    r"""lainnya|\bother\s+(?:news|stories|articles|posts)
    |\bmore\s+(?:news|stories|articles|posts|headlines|from|in|on|about|of)\b
    |weitere|autres|otras|otros|altre|altri|outras|outros|andere|другие|ещё|еще
    |다른\s*기사|その他|他の記事|其他""",
    re.IGNORECASE | re.VERBOSE,
)

#: Headings that are read-also labels when the list sits in the article's text
#: flow ("DON'T MISS" between paragraphs) and name a list of picks elsewhere.
READ_ALSO_IN_FLOW = re.compile(
    r"""don['’]?t\s+miss|jangan\s+lewatkan|you\s+(?:may|might)\s+also\s+like|nicht\s+verpassen
    |à\s+ne\s+pas\s+manquer|no\s+te\s+pierdas|não\s+perca|da\s+non\s+perdere
    |не\s+пропустите""",
    re.IGNORECASE | re.VERBOSE,
)

#: Class/id words that mark a list's kind when its heading does not.
_SECTION_CLASS_WORDS = (
    ("read_also", "bacajuga readalso alsoread seealso lihatjuga"),
    (
        "related",
        "related terkait relatedposts relatedarticles relatedstories relatednews relateds yarpp "
        "jprelatedposts similar berkaitan",
    ),
    (
        "popular",
        "popular populer terpopuler mostread mostpopular mostviewed trending mostshared "
        "mostcommented terkomentari toparticles",
    ),
    ("latest", "latest terkini terbaru recent newest breaking"),
    (
        "picks",
        "picks editorspicks editorpicks pilihan rekomendasi recommended recommendation featured "
        "mustread headline beritautama",
    ),
)
SECTION_CLASS_HINTS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (kind, frozenset(words.split(" "))) for kind, words in _SECTION_CLASS_WORDS
)

#: Link texts that are buttons, not stories: "More", "View all", "Selengkapnya", "Index »".
MORE_LINK_TEXT = re.compile(
    r"^\W*(?:more|read\s+more|see\s+(?:more|all)|view\s+(?:more|all)|show\s+more|load\s+more"
    r"|click\s+here|klik\s+di\s*sini|read\s+more\s+on|get\s+\w+(?:\s+\w+)?\s+on\s+the\s+go"
    r"|all\s+(?:stories|news|articles)|more\s+(?:stories|news|articles)|next|previous|prev"
    r"|selengkapnya|lihat\s+(?:semua|selengkapnya|lainnya|juga)|lainnya|indeks|index|berikutnya"
    r"|sebelumnya|muat\s+lebih|tampilkan|mehr|alle|weiter|plus|voir\s+(?:plus|tout)|suite"
    r"|ver\s+(?:más|todo)|leer\s+más|altro|tutte|mais|ещё|далее)\b.{0,20}$|^\W+$|^\d{1,3}$",
    re.IGNORECASE,
)

#: Class/id words of navigation, menus, share bars, comments, tag clouds, ad
#: networks and shops: link lists inside them are never sections.
NOT_SECTION_TOKENS = frozenset(
    {"nav", "navbar", "navigation", "menu", "megamenu", "mainmenu", "topmenu", "submenu",
     "menubar", "breadcrumb", "breadcrumbs", "pagination", "pager", "paging", "share", "sharing",
     "social", "sosmed", "comment", "comments", "komentar", "disqus", "promoted", "taboola",
     "outbrain", "mgid", "revcontent", "tagcloud", "tags", "topics", "footernav", "sitemap",
     "offcanvas", "drawer", "hamburger", "dropdown", "deals", "deal", "shop", "shopping",
     "coupon", "coupons", "marketplace", "classified", "classifieds", "jobs", "forum"}
)  # fmt: skip

#: Ad-like class words: excluded unless the box links to the site itself (partner boxes).
AD_TOKENS = frozenset(
    {"ads", "ad", "advert", "adv", "advertisement", "sponsor", "sponsored", "dfp", "iklan",
     "native", "partner", "partners"}
)  # fmt: skip

#: Class words of an element that heads a box ("widget-title", "judul").
HEADING_CLASS_TOKENS = frozenset(
    {"title", "titles", "header", "heading", "head", "hd", "judul", "label", "caption", "tab",
     "tabs", "boxheader", "boxtitle", "sectiontitle", "widgettitle", "blocktitle", "headline"}
)  # fmt: skip

#: Address path segments of pages that are not stories: tags, topics, authors,
#: search, accounts, feeds, indexes, archives and comments.
NOT_STORY_SEGMENTS = frozenset(
    {"tag", "tags", "topic", "topics", "topik", "kategori", "category", "categories", "author",
     "authors", "penulis", "profile", "profil", "search", "cari", "label", "labels", "subject",
     "user", "users", "member", "login", "register", "signup", "subscribe", "account", "feed",
     "rss", "indeks", "index", "archive", "arsip", "comments", "comment", "komentar"}
)  # fmt: skip

#: Hosts of share buttons and social networks: links to them are never stories.
SHARE_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook\.com|fb\.com|twitter\.com|x\.com|wa\.me|whatsapp\.com|t\.me|"
    r"telegram\.me|linkedin\.com|pinterest\.\w+|reddit\.com|line\.me|plus\.google\.com|"
    r"instagram\.com|youtube\.com|tiktok\.com|getpocket\.com|tumblr\.com|vk\.com)$"
)

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|januari|februari|maret|mei|juni|juli|agustus|oktober|desember|jan|feb|mar"
    r"|apr|jun|jul|aug|agu|agt|sept?|oct|okt|nov|dec|des)"
)

#: Texts that are never a list's heading: "back to top", skip links and other
#: accessibility labels, menu, account and footer labels, ad labels, copyright
#: lines, photo credits, dates alone and shop words.
NOT_HEADING = re.compile(
    r"""^(?:back\s+to\s+top|(?:logo\s+)?return\s+to\s+top|top|kembali\s+ke\s+atas
    |ke\s+atas|menu|main\s+menu|home|forum|forums|komunitas|community|playlist|iklan
    |advertisement|sponsored|archives?|arsip|ads?|logo|sections?|categories|kategori|kanal
    |rubrik|topics?|topik|menu\s+utama|navigation|search|cari|pencarian|suche|recherche
    |buscar|pesquisar|cerca|поиск|검색|検索|sign\s+in|log\s*in|login|sign\s+up|register
    |subscribe|my\s+account|account|masuk|daftar|follow\s+us|follow|connect|ikuti\s+kami
    |newsletters?|about(?:\s+us)?|tentang(?:\s+kami)?|contact(?:\s+us)?|kontak(?:\s+kami)?
    |hubungi\s+kami|information|info|policies|legal|help|services|resources|our\s+company
    |company|site\s+(?:information|tools|map|index)|sitemap|terms(?:\s+of\s+(?:use|service))?
    |privacy(?:\s+policy)?|impressum|kontakt|mentions\s+légales|contacto|contato|contatti
    |redaksi|pedoman\s+media\s+siber|accessibility|toggle\s+navigation|close|tutup
    |about\s+this\s+(?:article|story|statement|author)|sources?|references|external\s+links|notes|footnotes|bibliography|sumber|referensi
    |quellen|fuentes|fontes|fonti|источники)$
    |\b(?:recent|latest)\s+comments\b|свежие\s+комментарии|komentar\s+terbaru
    |commenti\s+recenti|comentarios\s+recientes|comentários\s+recentes
    |derniers\s+commentaires|neueste\s+kommentare|최근\s*댓글|最近のコメント
    |©|^[\d\s.,:]+[km]?$|^\W+$|^(?:photo|foto|image|gambar|video)\s*:|^(?:subscribe|sign\s+up|download)\b
    |\bapp\s+store\b|\bgoogle\s+play\b|\bget\s+the\s+(?:\w+\s+)?app\b
    |^(?:skip|jump)\s+(?:to|navigation|links)|^(?:langsung|lompat|loncat)\s+ke\s
    |^(?:direkt\s+)?zum\s+inhalt|^inhalt\s+überspringen|^(?:aller|passer|sauter)\s+au\s
    |^(?:ir|saltar|pular|ir\s+para)\s+(?:al|para\s+o|ao|o)\s+(?:contenido|conteúdo)
    |^(?:vai|salta|passa)\s+al\s+contenuto|^перейти\s+к|^naar\s+(?:de\s+)?inhoud
    |본문\s*바로\s*가기|^本文へ|コンテンツへ(?:スキップ|移動)|跳到|跳转到|screen\s+reader
    |^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|senin|selasa|rabu|kamis|jumat|sabtu
    |minggu)?,?\s*(?:\d{1,2}\s+MONTH\.?(?:,?\s+\d{4})?|MONTH\.?\s+\d{1,2}(?:,?\s+\d{4})?
    |MONTH\.?\s+\d{4})$|^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$
    |\b(?:deals?|shop|shopping|coupons?|belanja|classifieds?|marketplace)\b
    |\bfor\s+sale\b|\bdijual\b|à\s+vendre|en\s+venta|à\s+venda|zu\s+verkaufen""".replace(
        "MONTH", _MONTH
    ),
    re.IGNORECASE | re.VERBOSE,
)

#: Headings of ad and native-ad blocks: the list under them is never a section.
AD_HEADING = re.compile(
    r"""\bsponsored\b|\bpromoted\b|\bpaid\s+(?:content|posts?|partners?)\b
    |\bpartner\s+content\b|\bpromo(?:tion(?:al)?)?\s+content\b|around\s+the\s+web
    |from\s+(?:our\s+)?(?:sponsors|advertisers)|\bpresented\s+by\b|\brecommended\s+by\b
    |\bads\s+by\b|\badvertisement\b|\badvertorial\b|konten\s+(?:bersponsor|sponsor|promosi)
    |\banzeige\b|\biklan\b|\bpublicidad\b|\bpublicidade\b|\bpubblicità\b|\bpublicité\b|реклама
    |광고|広告|广告""",
    re.IGNORECASE | re.VERBOSE,
)

#: Link texts of comment counters ("12", "3 komentar", "5 replies").
COMMENT_COUNT_TEXT = re.compile(r"^\d+\s*(?:komentar|comments?|replies|balasan)?$", re.IGNORECASE)
