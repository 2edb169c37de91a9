"""Chambers and organizations are trees: a row may name a parent that stands further down the
same sheet, and a loop of parents is an error (docs/spreadsheets.md#references, "Values")."""

from django.utils.translation import gettext as _

from spreadsheets.importer import Importer, ParsedRow


class TreeImporter(Importer):
    parent_field = "parent"

    def file_rows(self, rows: list[ParsedRow]) -> dict[str, ParsedRow]:
        """Name → its (first) row in the file."""
        by_name = {}
        for row in rows:
            name = self.value(row, "name")
            if name is not None:
                by_name.setdefault(name, row)
        return by_name

    def check_parents(self, rows: list[ParsedRow], registry_parents: dict[str, str | None]) -> None:
        """`registry_parents`: every record's name → its parent's name, as the registry holds them."""
        by_name = self.file_rows(rows)
        parent_of = dict(registry_parents)
        for name, row in by_name.items():
            parent = self.value(row, self.parent_field)
            if parent is not None:
                parent_of[name] = parent
        for name, row in by_name.items():
            parent = self.value(row, self.parent_field)
            if parent is None:
                continue
            if parent not in registry_parents and parent not in by_name:
                self.add_error(
                    row, self.parent_field, self.unknown_parent_message() % {"name": parent}, "reference_unknown"
                )
                continue
            seen, current = {name}, parent
            while current is not None:
                if current == name:
                    self.add_error(
                        row,
                        self.parent_field,
                        _(
                            "“%(name)s” cannot be placed under “%(parent)s”: following the parents leads back "
                            "to “%(name)s”, a loop. Correct the parent in one of these rows."
                        )
                        % {"name": name, "parent": parent},
                        "loop",
                    )
                    break
                if current in seen:
                    break  # a loop further up, reported on its own rows
                seen.add(current)
                current = parent_of.get(current)
        self.propagate_invalid_parents(by_name, registry_parents)

    def propagate_invalid_parents(self, by_name: dict[str, ParsedRow], registry_parents: dict) -> None:
        """A row whose parent exists only as an invalid row of this file cannot be written either."""
        changed = True
        while changed:
            changed = False
            for row in by_name.values():
                parent = self.value(row, self.parent_field)
                if row.errors or parent is None or parent in registry_parents:
                    continue
                parent_row = by_name.get(parent)
                if parent_row is not None and parent_row.errors:
                    self.add_error(
                        row,
                        self.parent_field,
                        _("The parent “%(name)s” is in row %(row)d, which has errors: correct that row first.")
                        % {"name": parent, "row": parent_row.number},
                        "reference_invalid",
                    )
                    changed = True

    def unknown_parent_message(self) -> str:
        raise NotImplementedError

    def in_write_order(self, rows: list[ParsedRow]) -> list[ParsedRow]:
        """Parents before their children, whatever the order in the file."""
        by_name = {self.value(row, "name"): row for row in rows}
        depth: dict[str, int] = {}

        def depth_of(name, guard=0):
            if name in depth:
                return depth[name]
            parent = self.value(by_name[name], self.parent_field)
            value = 0 if parent not in by_name or guard > len(by_name) else depth_of(parent, guard + 1) + 1
            depth[name] = value
            return value

        return sorted(rows, key=lambda row: (depth_of(self.value(row, "name")), row.number))
