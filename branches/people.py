"""People by their names. A login carries the person's full name (姓名) in `User.first_name` — a
Chinese name is one field, family name first, not a given and a family name to be joined in some
order — and `last_name` stays empty; Django's `get_full_name()` then returns the name as written."""


def person_name(user) -> str:
    """The person's name, or the login name for a login without one; "" for nobody."""
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username()).strip()


def recorder(actor):
    """The user to name as having recorded something: a saved user, or nobody (the demo, a command)."""
    return actor if getattr(actor, "pk", None) else None
