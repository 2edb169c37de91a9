"""The demo year's activities and attendance (gatherings of registry/orglife,
docs/orglife.md#activities): the committee's lectures, study trips and online study, the general
branches' meetings, eight branches' themed party days; about one member in ten attends nothing.
Loaded by outreach/contacts/demo.py from its own seeded generator."""

from branches.models import Organization
from outreach.activities import services
from outreach.demo import in_year
from registry.models import Attendance, Gathering

ACTIVITY_PLAN = (  # (month, day, kind, title, organizer: "committee" | "general" | "branch", place)
    (11, 20, "special_lecture", "专家辅导讲座：学习贯彻全会精神", "committee", "北京福建企业总商会会议室"),
    (12, 18, "study_meeting", "年终组织生活会", "general", "各商会会议室"),
    (1, 16, "online_study", "“学习强国”线上专题学习", "committee", "线上"),
    (3, 5, "party_day", "学雷锋志愿服务主题党日", "branch", "十里河社区"),
    (3, 26, "special_lecture", "民营经济政策解读讲座", "committee", "北京福建企业总商会会议室"),
    (4, 24, "study_trip", "赴香山革命纪念地参观学习", "committee", "香山革命纪念馆"),
    (5, 21, "party_day", "“五四”青年党员主题党日", "branch", "各支部活动室"),
    (6, 30, "study_meeting", "庆祝建党105周年党员大会", "committee", "北京福建大厦礼堂"),
    (7, 17, "online_study", "党纪学习教育线上测试", "committee", "线上"),
    (8, 20, "contest", "党史知识竞赛", "general", "各商会会议室"),
    (9, 18, "study_trip", "赴西柏坡开展党性教育", "committee", "西柏坡纪念馆"),
    (10, 15, "special_lecture", "安全生产与合规经营讲座", "committee", "北京福建企业总商会会议室"),
)


def load_activities(rng, members, organizations, created, year) -> None:
    start, end = year
    committee = organizations[0]
    generals = [o for o in organizations if o.level == Organization.Level.GENERAL_BRANCH]
    branches = [o for o in organizations if o.level in Organization.BRANCH_LEVELS]
    existing = {
        (g.organization_id, g.date, g.topic): g for g in Gathering.objects.filter(organization__in=organizations)
    }
    # How keen each member is: ~10 % attend nothing, and nor do those lost contact with (the meetings'
    # demo has them absent all year too), so that the list of those who attended nothing holds
    # them on any day the demo is seeded.
    engaged = {m.pk: 0.0 if m.lost_contact else rng.random() for m in members}
    for month, day, kind, title, level, place in ACTIVITY_PLAN:
        date = in_year(month, day, start, end)
        organizers = {"committee": [committee], "general": generals, "branch": rng.sample(branches, 8)}[level]
        for organizer in organizers:
            activity = existing.get((organizer.pk, date, title))
            if activity is None:
                activity = services.activity_create(
                    data={"topic": title, "date": date, "organization": organizer, "place": place},
                    kind=kind,
                    actor=None,
                )
                existing[(organizer.pk, date, title)] = activity
                created["activities"] += 1
            pool = [m for m in members if organizer.path and m.organization.path.startswith(organizer.path)]
            chance = 0.35 if level == "committee" else 0.7
            attendees = [m for m in pool if engaged[m.pk] > 0.1 and rng.random() < chance * (0.5 + engaged[m.pk])]
            # Nobody attends before they are registered here (drawn first, so the other draws stay as they were):
            # seeded on 1 January, a twelfth of the members came this very day and were at no meeting of the year.
            attendees = [m for m in attendees if m.registered_on <= date]
            if Attendance.objects.filter(gathering=activity).exists():
                continue
            added = services.attendance_add(activity=activity, members=attendees, actor=None)
            created["attendances"] += len(added)
