"""What a document says about its school: `Requisites(full_name, short_name, ...)`, a frozen dataclass.
Built by `app.orgs.requisites.for_documents(org)`; the engine reads it, never the database."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_FONT = "Times New Roman"
DEFAULT_FONT_SIZE = 14


@dataclass(frozen=True)
class Requisites:
    full_name: str
    short_name: str = ""
    address: str = ""
    # As it stands under the date line of an order: «г. Щёкино Тульской области».
    locality: str = ""
    inn: str | None = None
    ogrn: str | None = None
    phone: str | None = None
    email: str | None = None
    director_name: str = ""
    director_position: str = "директор"
    font_name: str = DEFAULT_FONT
    font_size: int = DEFAULT_FONT_SIZE

    @property
    def name(self) -> str:
        """The short name where the school has one (the seed writes «МБОУ СШ №11» after the first mention)."""
        return self.short_name or self.full_name
