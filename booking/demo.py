"""Demo booking data: three services, two staff members, shop hours with a lunch break. Idempotent."""

from booking import services
from booking.models import AvailabilityRule, Service, StaffResource

DEMO_RULES = {
    "weekly": {
        **{
            day: [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]
            for day in ("mon", "tue", "wed", "thu")
        },
        "fri": [{"start": "09:00", "end": "15:00"}],
        "sat": [{"start": "09:00", "end": "12:00"}],
        "sun": [],
    },
    "holidays": ["2026-12-25", "2026-12-26", "2027-01-01"],
    "buffer_after": 10,
    "min_notice": 120,
    "max_days_ahead": 60,
    "slot_interval": 15,
}
DEMO_SERVICES = [
    ("Striženje / Haircut", 45, "25.00", "Pranje, striženje in oblikovanje."),
    ("Barvanje / Colouring", 90, "55.00", "Barvanje las z nego."),
    ("Manikura / Manicure", 30, "20.00", "Osnovna manikura."),
]
DEMO_STAFF = [("Ana", [0, 2]), ("Bojan", [0, 1])]


def demo_booking_seed() -> int:
    """Create what is missing; returns the number of rows created (0 when everything is there)."""
    created = 0
    if not AvailabilityRule.objects.filter(staff__isnull=True).exists():
        services.rules_save(rules=DEMO_RULES)
        created += 1
    rows = []
    for name, duration, price, description in DEMO_SERVICES:
        service = Service.objects.filter(name=name).first()
        if service is None:
            service = services.service_save(
                name=name, duration_min=duration, price=price, description=description
            )
            created += 1
        rows.append(service)
    for name, indexes in DEMO_STAFF:
        if not StaffResource.objects.filter(name=name).exists():
            services.staff_save(name=name, services=[rows[i] for i in indexes])
            created += 1
    return created
