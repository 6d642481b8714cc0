"""Stories waiting on the demo's wire: what `publish()` puts out when it is
given no text of its own (the tests and the screenshots use them).

Invented, like everything on the demo site.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WIRE", "WireStory"]


@dataclass(frozen=True, slots=True)
class WireStory:
    """A ready-to-publish story: a title, a summary, paragraphs, a byline and a section."""

    title: str
    summary: str
    paragraphs: tuple[str, ...]
    author: str
    section: str


WIRE: dict[str, tuple[WireStory, ...]] = {
    "id": (
        WireStory(
            title="Banjir Kiriman Rendam Tiga Desa di Hilir Sungai Lamat, "
            "Warga Mengungsi ke Balai Desa",
            summary="Air setinggi lutut orang dewasa masuk ke rumah warga Muara Teja, Sungai "
            "Bening, dan Tanjung Rawa sejak Kamis dini hari.",
            paragraphs=(
                "Hujan deras di hulu Sungai Lamat sejak Rabu sore membuat permukaan sungai naik "
                "hampir dua meter dalam semalam. Kamis dini hari, air mulai masuk ke rumah-rumah "
                "di Desa Muara Teja, Sungai Bening, dan Tanjung Rawa.",
                "Kepala Desa Muara Teja, Hasan Basri, mengatakan sedikitnya 140 keluarga sudah "
                "mengungsi ke balai desa dan gedung sekolah. Menurut dia, jembatan gantung yang "
                "baru diresmikan pekan lalu menjadi jalur utama evakuasi warga.",
                "Badan Penanggulangan Bencana Daerah Lamat Hulu mengirim dua perahu karet dan "
                "dapur umum. Petugas meminta warga yang tinggal di bantaran sungai tidak kembali "
                "ke rumah sebelum air benar-benar surut.",
                "Puskesmas terapung yang biasanya singgah sepekan sekali kini berlabuh di dermaga "
                "Tanjung Rawa. Tenaga kesehatan memeriksa anak-anak dan warga lanjut usia yang "
                "mulai mengeluh gatal dan demam.",
                "Prakiraan cuaca menunjukkan hujan masih akan turun hingga akhir pekan. Warga "
                "diminta menyimpan dokumen penting di tempat tinggi dan memantau pengumuman dari "
                "pengeras suara masjid.",
            ),
            author="Rina Kartika",
            section="Regional",
        ),
        WireStory(
            title="Pasar Kembang Sore Buka Sampai Malam Selama Ramadan, "
            "Parkir Dipindah ke Lapangan",
            summary="Pedagang boleh berjualan hingga pukul 22.00 WIB. Kendaraan pengunjung "
            "diarahkan ke lapangan kecamatan.",
            paragraphs=(
                "Pemerintah Kota Lamat memperpanjang jam buka Pasar Kembang Sore selama bulan "
                "Ramadan. Mulai pekan depan, pedagang boleh berjualan sampai pukul 22.00 WIB, "
                "dua jam lebih lama dari biasanya.",
                "Kepala Dinas Perdagangan, Maria Simanjuntak, mengatakan perpanjangan ini diminta "
                "para pedagang takjil yang ramai dikunjungi menjelang dan sesudah berbuka puasa.",
                "Untuk mengurangi kemacetan di Jalan Kenanga, parkir kendaraan dipindah ke "
                "lapangan kecamatan. Angkutan kota jurusan terminal akan berhenti tepat di depan "
                "gerbang pasar.",
                "Pedagang cabai menyambut baik kebijakan itu, meski harga di tingkat petani masih "
                "tinggi. Mereka berharap operasi pasar yang dijanjikan pemkot segera dimulai.",
            ),
            author="Yosef Manurung",
            section="Ekonomi",
        ),
    ),
    "en": (
        WireStory(
            title="Harbour ferry suspended after crack found in landing stage",
            summary="The Quay Street to Saltmarsh crossing will not run until engineers have "
            "inspected the pontoon, the port authority says.",
            paragraphs=(
                "The passenger ferry between Quay Street and Saltmarsh has been suspended after a "
                "crack was found in the floating landing stage on the Northbridge side of the "
                "harbour.",
                "A deckhand noticed the damage during a routine check before the first crossing "
                "on Thursday morning. The port authority closed the pontoon within the hour and "
                "put on a replacement bus that runs around the estuary.",
                "\u201cNobody was hurt and the ferry itself is fine,\u201d said harbourmaster "
                "Colin Mbeki. \u201cWe will not take chances with a structure that carries four "
                "hundred people a day.\u201d",
                "Engineers are due to dive under the pontoon on Friday. If the crack is confined "
                "to one float, the crossing could reopen early next week; a wider repair would "
                "mean towing the stage to the boatyard at Gull Point.",
                "Commuters at the bus stop were patient but tired. The detour adds about "
                "twenty-five minutes to a journey that usually takes eight.",
            ),
            author="Daniel Reyes",
            section="News",
        ),
        WireStory(
            title="Northbridge schools to open their playing fields to the public on Sundays",
            summary="Twelve schools will unlock their fields from April under a one-year trial "
            "paid for by the council's parks budget.",
            paragraphs=(
                "Twelve Northbridge schools will open their playing fields to the public on "
                "Sunday afternoons from April, in a trial agreed by the council's children and "
                "parks committees.",
                "The fields will be staffed by volunteers and a park warden, and the schools' "
                "buildings will stay locked. The council will pay for extra litter collection and "
                "for repairs to the grass at the end of each term.",
                "Parents in the east of the city, where the nearest public park is more than a "
                "mile away for many families, had asked for the change for years.",
                "The trial will be reviewed next spring. Head teachers said they would end it at "
                "their school if the fields were damaged or the volunteers could not be found.",
            ),
            author="Hannah Okafor",
            section="Education",
        ),
    ),
}
