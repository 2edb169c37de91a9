"""A room that brings a new import kind and nothing else: the proof that a kind is its Importer
class and one line in its room's `import_kinds` (test_kinds_described.py adds this module to
settings.REGISTRY_ROOMS). Its rows go into a dict, so that it needs no model and no migration."""

from branches.rooms import Room
from spreadsheets.importer import NEW, Importer, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import count_parser, text_parser

PRICES: dict[str, int] = {}


class PriceImporter(Importer):
    kind = "prices"
    kind_label = "价目表"
    help_text = "a price list, keyed by 品名"
    sheet_name = "价目"
    columns = (
        Column("name", "品名", ("名称",), text_parser(20), required=True),
        Column("quantity", "数量", (), count_parser, required=True),
        Column("unit", "单位", (), text_parser(5)),
    )

    def resolve(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            self.check_required(row, ("name", "quantity"))
            if not row.errors:
                row.data, row.status = {"quantity": self.value(row, "quantity")}, NEW

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        for row in rows:
            PRICES[self.value(row, "name")] = row.data["quantity"]


ROOM = Room(name="prices", import_kinds=("tests.registry.imports.new_kind_room.PriceImporter",))
