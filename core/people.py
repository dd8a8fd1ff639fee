"""Staff members as the back office names them."""


def person_name(user):
    """A staff member as colleagues call them: the full name, else the user name."""
    return user.get_full_name() or user.get_username()
