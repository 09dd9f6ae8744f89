import pytest

from .factories import InitiativeFactory


@pytest.fixture
def money(world):
    """`world` with an initiative both councils take part in, and one in the hidden partnership."""
    world.initiative = InitiativeFactory(
        partnership=world.partnership,
        title="Shared Trading Standards",
        lead=world.east,
        participants=[world.east, world.mid],
    )
    world.hidden_initiative = InitiativeFactory(
        partnership=world.hidden, title="Hidden initiative", participants=[world.mid]
    )
    return world
