"""Two spreadsheet kinds of committees (docs/spreadsheets.md#committee-columns): `elections` — one row
per term, keyed by (党组织, 届次) — and `committee_members` — one row per post, keyed by (党组织,
公民身份号码, 任职时间). Elections import before their committee's members: a post joins the latest
election of its organization held on or before it began. Both check the rules of the pages
(registry/committees/rules.py) and a secretary imports within their subtree."""

import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from branches.models import Organization
from registry.committees import rules, services
from registry.committees.selectors import person_of
from registry.imports.values import id_number_parser
from registry.models import CommitteeMembership, Discipline, Election, Member
from spreadsheets.errors import CellError
from spreadsheets.importer import NEW, UPDATED, Importer, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import cell_text, choice_parser, date_parser, folded, person_name_parser, reference_parser

Post = CommitteeMembership.Post
Pool = CommitteeMembership.SecretaryPool
OPTIONAL = ("ended_on", "secretary_pool")  # of the committee_members columns: every other one is required
_NUMBER = re.compile(r"^第?(\d+)(届|年|人|名)?$")


def whole_number(what: str):
    """A whole number as a cell gives it: 3, 3.0, ３, 第3届, 3年, 3人 (the unit is the column's)."""

    def parse(raw) -> int:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if float(raw).is_integer() and raw >= 0:
                return int(raw)
        else:
            match = _NUMBER.match(re.sub(r"\s+", "", folded(raw)))
            if match:
                return int(match[1])
        raise CellError(
            _("“%(value)s” is not a whole number (%(what)s). Write a number such as 3.")
            % {"value": cell_text(raw), "what": what},
            code="number",
        )

    return parse


POST_CANONICAL = {
    Post.SECRETARY: "书记",
    Post.DEPUTY_SECRETARY: "副书记",
    Post.ORGANIZATION: "组织委员",
    Post.PUBLICITY: "宣传委员",
    Post.DISCIPLINE: "纪检委员",
    Post.MEMBER: "委员",
}
POST_WORDS = {
    **{word: value for value, word in POST_CANONICAL.items()},
    "支部书记": Post.SECRETARY,
    "总支书记": Post.SECRETARY,
    "党委书记": Post.SECRETARY,
    "支部副书记": Post.DEPUTY_SECRETARY,
    "纪律检查委员": Post.DISCIPLINE,
    "支委": Post.MEMBER,
    "支部委员": Post.MEMBER,
}


def post_parser(raw) -> str:
    """书记, 副书记, 组织委员, 宣传委员, 纪检委员, 委员, or one of REGISTRY_COMMITTEE_OTHER_POSTS (as
    "other:青年委员")."""
    word = re.sub(r"\s+", "", folded(raw))
    if word in POST_WORDS:
        return POST_WORDS[word]
    if word in settings.REGISTRY_COMMITTEE_OTHER_POSTS:
        return f"other:{word}"
    raise CellError(
        _("“%(value)s” is not a committee post. Write one of: %(choices)s.")
        % {
            "value": cell_text(raw),
            "choices": "、".join([*POST_CANONICAL.values(), *settings.REGISTRY_COMMITTEE_OTHER_POSTS]),
        },
        code="unknown_post",
    )


POOL_CANONICAL = {
    Pool.ENTREPRENEUR: "企业主及行业带头人",
    Pool.RETIRED_CADRE: "退休干部",
    Pool.SECONDED_CADRE: "派驻干部",
}
POOL_WORDS = {
    **{word: value for value, word in POOL_CANONICAL.items()},
    "企业主": Pool.ENTREPRENEUR,
    "行业带头人": Pool.ENTREPRENEUR,
    "企业主或行业带头人": Pool.ENTREPRENEUR,
    "派驻": Pool.SECONDED_CADRE,
}

ORGANIZATION = Column("organization", "党组织", ("党组织名称", "所在党组织"), reference_parser, required=True)
ELECTION_COLUMNS = (
    ORGANIZATION,
    Column("number", "届次", ("第几届",), whole_number("届次"), required=True),
    Column("held_on", "选举日期", ("换届日期", "选举时间"), date_parser, required=True),
    Column("term_years", "任期（年）", ("任期", "任期(年)", "任期年限"), whole_number("任期"), required=True),
    Column("voters_expected", "应到", ("应到人数",), whole_number("应到"), required=True),
    Column("voters_present", "实到", ("实到人数",), whole_number("实到"), required=True),
)
MEMBER_COLUMNS = (
    ORGANIZATION,
    Column("name", "姓名", ("名字",), person_name_parser(Member._meta.get_field("name").max_length), memo=False),
    Column("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, memo=False),
    Column("post", "职务", ("委员职务", "党内职务"), post_parser),
    Column("started_on", "任职时间", ("任职日期", "上任时间"), date_parser),
    Column("ended_on", "离任时间", ("离任日期", "卸任时间"), date_parser),
    Column("secretary_pool", "书记来源", (), choice_parser(POOL_WORDS, POOL_CANONICAL), canonical=POOL_CANONICAL),
)


class _CommitteeImporter(Importer):
    secretary_may_run = True

    def load_organizations(self, rows: list[ParsedRow]) -> None:
        names = {self.value(row, "organization") for row in rows} - {None}
        self.organizations = {
            organization.name: organization
            for organization in Organization.objects.filter(name__in=names).only("id", "name", "level", "path")
        }

    def organization_of(self, row: ParsedRow) -> Organization | None:
        """The row's organization, or None with the reason on the row (unknown, a party group, out of scope)."""
        name = self.value(row, "organization")
        if name is None:
            return None
        organization = self.organizations.get(name)
        if organization is None:
            self.add_error(
                row,
                "organization",
                _(
                    "There is no party organization named “%(name)s” in the registry. Check the name (it must "
                    "match exactly) or import the organization first."
                )
                % {"name": name},
                "unknown_org",
            )
        elif organization.level in rules.NO_COMMITTEE_LEVELS:
            self.add_error(
                row,
                "organization",
                _("A party group has a leader, not a committee: record the committee of its branch."),
                "organization_cannot_elect",
            )
        elif self.scope_ids is not None and organization.pk not in self.scope_ids:
            self.add_error(
                row,
                "organization",
                _("“%(name)s” is not one of the organizations you keep: import only your own and those below it.")
                % {"name": name},
                "out_of_scope",
            )
        else:
            return organization
        return None

    def add_refusals(self, row: ParsedRow, found: list[rules.Refusal], fallback: str) -> None:
        for refusal in found:
            field = refusal.field if refusal.field in self.position else fallback
            self.add_error(row, field, refusal.message, refusal.code)

    def duplicate_keys(self, rows: list[ParsedRow], fields: tuple[str, ...], column: str) -> None:
        first: dict = {}
        for row in rows:
            key = tuple(self.value(row, name) for name in fields)
            if None in key:
                continue
            earlier = first.setdefault(key, row.number)
            if earlier != row.number:
                self.add_error(
                    row,
                    column,
                    _("Row %(row)d already has this record. Each may appear only once in a file: merge the two rows.")
                    % {"row": earlier},
                    "duplicate",
                )


class ElectionImporter(_CommitteeImporter):
    kind = "elections"
    kind_label = gettext_lazy("committee elections")
    help_text = "committee elections (换届选举), one row per term, keyed by 党组织 and 届次"
    sheet_name = "换届选举"
    template_name = "换届选举"
    columns = ELECTION_COLUMNS
    key_fields = ("organization",)  # with 届次 (check_duplicates); the first names the row in the outcome
    label_field = "organization"
    COMPARED = ("held_on", "term_years", "voters_expected", "voters_present")

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        self.duplicate_keys(rows, ("organization", "number"), "number")
        self.duplicate_keys(rows, ("organization", "held_on"), "held_on")

    def resolve(self, rows: list[ParsedRow]) -> None:
        today = clock.today()
        self.load_organizations(rows)
        existing = {
            (election.organization_id, election.number): election
            for election in Election.objects.filter(organization__in=self.organizations.values())
        }
        terms: dict[int, dict[int, object]] = {}
        for (organization_id, number), election in existing.items():
            terms.setdefault(organization_id, {})[number] = election.held_on
        checked = []
        for row in rows:
            self.check_required(row, tuple(column.field for column in self.columns))
            organization = self.organization_of(row)
            if row.errors or organization is None:
                continue
            values = {column.field: self.value(row, column.field) for column in self.columns}
            found = rules.attendance_refusals(expected=values["voters_expected"], present=values["voters_present"])
            found += rules.election_date_refusals(held_on=values["held_on"], today=today)
            if (refusal := rules.term_years_refusal(values["term_years"])) is not None:
                found.append(refusal)
            self.add_refusals(row, found, "held_on")
            if row.errors:
                continue
            terms.setdefault(organization.pk, {})[values["number"]] = values["held_on"]
            checked.append((row, organization, values))
        for row, organization, values in checked:
            others = [(n, day) for n, day in terms[organization.pk].items() if n != values["number"]]
            if any(day == values["held_on"] for _n, day in others):
                self.add_error(
                    row, "held_on", _("This organization has another term elected on this day."), "duplicate"
                )
                continue
            refusal = rules.number_order_refusal(number=values["number"], held_on=values["held_on"], others=others)
            if refusal is not None:
                self.add_refusals(row, [refusal], "number")
                continue
            election = existing.get((organization.pk, values["number"]))
            row.data = {**values, "organization": organization}
            if election is None:
                row.status = NEW
                continue
            row.target = election
            self.compare(
                row,
                {field: getattr(election, field) for field in self.COMPARED},
                {field: values[field] for field in self.COMPARED},
            )

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        for row in sorted(rows, key=lambda row: row.data["held_on"]):
            values = row.data
            if row.status == NEW:
                services.election_import(
                    organization=values["organization"],
                    data=services.ElectionData(
                        **{field: values[field] for field in ("number", *self.COMPARED)},
                    ),
                    actor=self.actor,
                )
            elif row.status == UPDATED:
                services.election_update(
                    election=row.target,
                    changes={field: values[field] for field in self.COMPARED},
                    actor=self.actor,
                    reason=reason,
                )


class CommitteeMemberImporter(_CommitteeImporter):
    kind = "committee_members"
    kind_label = gettext_lazy("members of committees")
    help_text = "committee members and their posts, one row per post, keyed by 党组织, 公民身份号码 and 任职时间"
    sheet_name = "支委会成员"
    template_name = "支委会成员"
    columns = MEMBER_COLUMNS
    key_fields = ("id_number",)  # with 党组织 and 任职时间 (check_duplicates)
    COMPARED = ("post", "post_title", "ended_on", "secretary_pool")

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        self.duplicate_keys(rows, ("organization", "id_number", "started_on"), "started_on")

    def resolve(self, rows: list[ParsedRow]) -> None:
        today = clock.today()
        self.load_organizations(rows)
        numbers = {self.value(row, "id_number") for row in rows} - {None}
        members = {
            member.id_number: member
            for member in Member.objects.filter(id_number__in=numbers)
            .select_related("organization")
            .prefetch_related(Prefetch("disciplines", queryset=Discipline.objects.order_by("date", "id")))
        }
        posts = list(
            CommitteeMembership.objects.filter(organization__in=self.organizations.values()).select_related("member")
        )
        by_key = {(post.organization_id, post.member_id, post.started_on): post for post in posts}
        elections: dict[int, list] = {}
        for organization_id, held_on, pk in (
            Election.objects.filter(organization__in=self.organizations.values())
            .order_by("held_on")
            .values_list("organization_id", "held_on", "id")
        ):
            elections.setdefault(organization_id, []).append((held_on, pk))
        # Every period in office the registry and the file hold, to find two secretaries at a time.
        periods = {(post.organization_id, post.member_id, post.started_on): post for post in posts}
        checked = []
        for row in rows:
            self.check_required(row, tuple(column.field for column in self.columns if column.field not in OPTIONAL))
            organization = self.organization_of(row)
            if row.errors or organization is None:
                continue
            values = {column.field: self.value(row, column.field) for column in self.columns}
            member = members.get(values["id_number"])
            if member is None:
                self.add_error(
                    row,
                    "id_number",
                    _("No member with this ID number is on the roster. Check the number, or add the member first."),
                    "unknown_id",
                )
                continue
            if self.refused_out_of_scope(row, member.organization_id):
                continue
            if member.name != values["name"]:
                self.add_error(
                    row,
                    "name",
                    _("The roster has this ID number under the name %(name)s. Check the name or the number.")
                    % {"name": member.name},
                    "name_mismatch",
                )
                continue
            post, title = (
                (Post.OTHER, values["post"][6:]) if values["post"].startswith("other:") else (values["post"], "")
            )
            found = rules.post_dates_refusals(started_on=values["started_on"], ended_on=values["ended_on"], today=today)
            if values["secretary_pool"] and post != Post.SECRETARY:
                found.append(
                    rules.Refusal(
                        "secretary_pool",
                        "pool_not_secretary",
                        _("Only a secretary is drawn from the secretaries' pool: leave 书记来源 empty."),
                    )
                )
            refusal = rules.eligibility_refusal(
                person_of(member, values["started_on"]),
                organization_path=organization.path,
                organization_name=organization.name,
                day=values["started_on"],
                field="id_number",
            )
            if refusal is not None:
                found.append(refusal)
            self.add_refusals(row, found, "id_number")
            if row.errors:
                continue
            data = services.PostData(
                member=member,
                post=post,
                post_title=title,
                started_on=values["started_on"],
                ended_on=values["ended_on"],
                secretary_pool=values["secretary_pool"] or "",
            )
            key = (organization.pk, member.pk, data.started_on)
            periods[key] = data
            checked.append((row, organization, key, data))
        for row, organization, key, data in checked:
            for other_key, other in periods.items():
                if other_key == key or other_key[0] != organization.pk:
                    continue
                if not rules.overlapping((data.started_on, data.ended_on), (other.started_on, other.ended_on)):
                    continue
                if other_key[1] == key[1]:
                    self.add_error(
                        row,
                        "started_on",
                        _("This member holds another post on this committee from %(day)s at the same time.")
                        % {"day": other.started_on.isoformat()},
                        "post_overlaps",
                    )
                    break
                if data.post == Post.SECRETARY and other.post == Post.SECRETARY:
                    self.add_error(
                        row,
                        "post",
                        _(
                            "%(name)s is the secretary from %(day)s at the same time: an organization has one "
                            "secretary at a time. Give the earlier secretary's 离任时间."
                        )
                        % {"name": other.member.name, "day": other.started_on.isoformat()},
                        "two_secretaries",
                    )
                    break
            if row.errors:
                continue
            row.data = (organization, data)
            existing = by_key.get(key)
            if existing is None:
                held = [pk for held_on, pk in elections.get(organization.pk, []) if held_on <= data.started_on]
                data.election = held[-1] if held else None
                row.status = NEW
                continue
            row.target = existing
            given = {field: getattr(data, field) for field in self.COMPARED}
            # an empty cell never erases what the registry holds (docs/spreadsheets.md#outcome)
            given = {field: value for field, value in given.items() if value not in (None, "") or field == "post_title"}
            self.compare(row, {field: getattr(existing, field) for field in given}, given)

    def display(self, field: str, value) -> str:
        if field == "post" and value:
            return value[6:] if value.startswith("other:") else POST_CANONICAL.get(value, str(value))
        return super().display(field, value)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        # Posts that end first, then new posts in the order they began: a file that ends one secretary's
        # post and records the next never holds two at once.
        for row in rows:
            if row.status == UPDATED:
                organization, data = row.data
                services.post_import_update(post=row.target, data=data, actor=self.actor, reason=reason)
        for row in sorted((row for row in rows if row.status == NEW), key=lambda row: row.data[1].started_on):
            organization, data = row.data
            services.post_import(organization=organization, data=data, actor=self.actor)
