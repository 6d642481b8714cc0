"""What the demo site publishes: its two outlets and their stories, as data.

The story pages themselves are static files under `reader/demo/site/`; this
table gives what the feeds and front pages say about them (title, summary,
author, time, section). Stories published while the server runs
(`reader.demo.newsroom`) are `DemoStory` values too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["SITES", "STORIES", "DemoSite", "DemoStory", "site_for"]

#: Western Indonesia Time, the Indonesian outlet's clock.
WIB = timezone(timedelta(hours=7), "WIB")


@dataclass(frozen=True, slots=True)
class DemoSite:
    """One outlet of the demo: its front page, its feeds and its latest-news list."""

    lang: str
    name: str
    description: str
    home: str
    """The front page's path, e.g. ``/id/``."""
    latest_heading: str
    """The heading of the front page's newest-first list ("Terkini", "Latest")."""
    story_prefix: str
    """Where published stories go: ``/en/stories/`` or ``/id/berita/``."""
    domain: str
    """An invented domain, only used in the feeds' port-independent ids."""

    @property
    def rss_path(self) -> str:
        """The RSS 2.0 feed."""
        return f"{self.home}rss.xml"

    @property
    def atom_path(self) -> str:
        """The Atom 1.0 feed."""
        return f"{self.home}atom.xml"


@dataclass(frozen=True, slots=True)
class DemoStory:
    """A story as the feeds and the front page list it."""

    lang: str
    path: str
    title: str
    summary: str
    author: str
    published: datetime
    """Timezone-aware, in the outlet's own offset."""
    section: str


SITES: dict[str, DemoSite] = {
    "id": DemoSite(
        lang="id",
        name="Kabar Nusa",
        description="Berita terkini dari Lamat Hulu dan sekitarnya.",
        home="/id/",
        latest_heading="Terkini",
        story_prefix="/id/berita/",
        domain="kabarnusa.example",
    ),
    "en": DemoSite(
        lang="en",
        name="The Northbridge Ledger",
        description="Local news from Northbridge and the harbour towns.",
        home="/en/",
        latest_heading="Latest",
        story_prefix="/en/stories/",
        domain="northbridge-ledger.example",
    ),
}


def site_for(lang: str) -> DemoSite:
    """The outlet writing in `lang` ("id" or "en"); KeyError for any other."""
    return SITES[lang]


_BERITA = "/id/berita/2025/03/"
_STORIES_EN = "/en/stories/"

#: The site's own stories, newest first within each outlet.
STORIES: tuple[DemoStory, ...] = (
    DemoStory(
        "id",
        _BERITA + "pesisir-teja-tanam-mangrove.html",
        "Dikepung Banjir Rob, Warga Pesisir Teja Tanam 20.000 Bibit Mangrove Secara Swadaya",
        "Nelayan dan ibu-ibu Desa Pesisir Teja menanam sabuk mangrove sepanjang dua kilometer "
        "untuk menahan air pasang. Cerita ini terbit dalam tiga halaman.",
        "Lestari Wulandari",
        datetime(2025, 3, 14, 11, 30, tzinfo=WIB),
        "Regional",
    ),
    DemoStory(
        "id",
        _BERITA + "puskesmas-terapung-mulai-beroperasi.html",
        "Puskesmas Terapung Mulai Layani Desa-Desa di Hilir Sungai Lamat",
        "Kapal puskesmas sepanjang 18 meter akan singgah di 12 desa hilir Sungai Lamat "
        "sekali sepekan.",
        "Rina Kartika",
        datetime(2025, 3, 14, 10, 2, tzinfo=WIB),
        "Kesehatan",
    ),
    DemoStory(
        "id",
        _BERITA + "jembatan-gantung-sungai-lamat-diresmikan.html",
        "Jembatan Gantung Sungai Lamat Diresmikan, Warga Dua Desa Tak Lagi Menyeberang "
        "dengan Rakit",
        "Jembatan gantung sepanjang 120 meter kini menghubungkan Desa Muara Teja dan Desa "
        "Sungai Bening setelah puluhan tahun warga bergantung pada rakit bambu.",
        "Rina Kartika",
        datetime(2025, 3, 14, 9, 15, tzinfo=WIB),
        "Regional",
    ),
    DemoStory(
        "id",
        _BERITA + "persilam-tundukkan-bintang-selatan.html",
        "Persilam Tundukkan Bintang Selatan 2-1 Lewat Gol Menit Akhir",
        "Gol Rafi Ardiansyah pada menit ke-88 membawa Persilam Lamat naik ke peringkat "
        "keempat Liga Nusantara Divisi Utama.",
        "Reza Dwi Kurniawan",
        datetime(2025, 3, 13, 22, 10, tzinfo=WIB),
        "Olahraga",
    ),
    DemoStory(
        "id",
        _BERITA + "harga-cabai-rawit-melonjak-jelang-ramadan.html",
        "Harga Cabai Rawit Melonjak Jelang Ramadan, Pedagang Pasar Kembang Sore Kurangi Stok",
        "Cabai rawit merah di Pasar Kembang Sore tembus Rp 92.000 per kilogram. Pemkot "
        "Lamat siapkan operasi pasar di tiga kecamatan.",
        "Yosef Manurung",
        datetime(2025, 3, 13, 16, 30, tzinfo=WIB),
        "Ekonomi",
    ),
    DemoStory(
        "id",
        _BERITA + "festival-kopi-gunung-arum.html",
        "Festival Kopi Gunung Arum Hadirkan 40 Petani, Pengunjung Bisa Menyangrai Sendiri",
        "Festival kopi tahunan di Desa Gunung Arum menyediakan wajan sangrai tradisional "
        "bagi pengunjung dan kelas seduh manual.",
        "Lestari Wulandari",
        datetime(2025, 3, 12, 14, 45, tzinfo=WIB),
        "Bisnis",
    ),
    DemoStory(
        "id",
        _BERITA + "kebun-gizi-sekolah-dasar.html",
        "Tiga Puluh SD di Lamat Hulu Mulai Menanam Sayur di Kebun Sekolah",
        "Program Kebun Gizi Sekolah mengajak siswa menanam bayam, kangkung, dan sawi di "
        "halaman sekolah. Hasilnya dimasak di kantin.",
        "Dimas Anggara",
        datetime(2025, 3, 11, 8, 20, tzinfo=WIB),
        "Pendidikan",
    ),
    DemoStory(
        "en",
        _STORIES_EN + "night-market-returns.html",
        "Riverside night market returns with stricter noise rules",
        "The market reopens on Friday with a 10.30pm closing time and a cap on amplified music.",
        "Daniel Reyes",
        datetime(2025, 3, 13, 20, 15, tzinfo=UTC),
        "Culture",
    ),
    DemoStory(
        "en",
        _STORIES_EN + "council-approves-tram-extension.html",
        "Council approves tram extension to Eastfield after four-hour debate",
        "The 4.2km Line 2 extension will add five stops, including one at Eastfield General "
        "Hospital, and is due to open in late 2028.",
        "Hannah Okafor",
        datetime(2025, 3, 12, 18, 40, tzinfo=UTC),
        "Politics",
    ),
    DemoStory(
        "en",
        _STORIES_EN + "library-robotics-club-national-final.html",
        "Kestrel Lane library robotics club reaches national final",
        "Six teenagers who meet in the back room of a branch library have built a "
        "recycling-sorting robot from bicycle parts.",
        "Tom Whitfield",
        datetime(2025, 3, 11, 9, 30, tzinfo=UTC),
        "Technology",
    ),
    DemoStory(
        "en",
        _STORIES_EN + "reservoir-levels-hosepipe-limits.html",
        "Reservoir at 41 percent: Northbridge brings in hosepipe limits early",
        "Hosepipe restrictions start on Monday after Greywater Reservoir fell to its lowest "
        "March level on record.",
        "Ruth Pemberton",
        datetime(2025, 3, 10, 11, 20, tzinfo=UTC),
        "Weather",
    ),
    DemoStory(
        "en",
        _STORIES_EN + "fishing-co-op-splits-quota.html",
        "Harbour fishing co-op splits new quota by boat size",
        "Smaller inshore boats get a guaranteed share of the port's cod and haddock quota "
        "for the first time.",
        "Aisha Grant",
        datetime(2025, 3, 9, 7, 0, tzinfo=UTC),
        "Business",
    ),
)
