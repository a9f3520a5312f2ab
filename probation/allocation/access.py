"""Who may do which allocation work. Deny by default: every allocation view starts with one of these.

The court team is the public provider's managers (senior probation officers) and heads of service:
at court the public provider assesses every case and decides which provider supervises it, and the
decision is a management judgement that may override the rule. Administrators, practitioners,
quality-assurance staff, the private providers' staff and inspectors do not decide allocations.

A receiving provider's managers acknowledge handovers and name the responsible officer; the public
provider's managers accept risk escalations; a manager reallocates within the teams they manage.
"""

from probation.workforce.constants import ProviderType, Role


def _staff_with_provider(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.provider_id
        and not user.has_role(Role.INSPECTOR)
    )


def is_manager(user) -> bool:
    return _staff_with_provider(user) and (user.is_manager or user.is_head)


def is_public_provider_staff(user) -> bool:
    return _staff_with_provider(user) and user.provider.type == ProviderType.PUBLIC


def is_court_team(user) -> bool:
    """May see the allocation queue and decide allocations."""
    return is_manager(user) and is_public_provider_staff(user)


def may_receive_handovers(user) -> bool:
    """May see and acknowledge handovers to their own provider."""
    return is_manager(user)


def may_accept_escalations(user) -> bool:
    return is_court_team(user)


def may_refer_escalation(user, person) -> bool:
    """Practitioners and managers of the provider supervising the case may refer it back."""
    return (
        _staff_with_provider(user)
        and person.provider_id == user.provider_id
        and (user.has_role(Role.PRACTITIONER) or user.is_manager or user.is_head)
    )


def may_use_allocations(user) -> bool:
    """Anyone with at least one allocation page: the navigation item and the allocation home page."""
    return may_receive_handovers(user)
