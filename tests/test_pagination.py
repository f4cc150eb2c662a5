"""The paginator of lists read from the database: the same pages as Django's, without a count
of the rows when they all fit on the first page (``naervaer.pagination``)."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import QuerySet
from pytest_django import DjangoAssertNumQueries

from naervaer.pagination import Paginator
from naervaer.people.models import Person
from tests.conftest import World

pytestmark = pytest.mark.django_db


def people(world: World, count: int) -> None:
    for i in range(count):
        Person.objects.create(organisation=world.other, employee_id=f"p{i:03}", name=f"P {i:03}")


def listed(world: World) -> QuerySet[Person]:
    return Person.objects.filter(organisation=world.other, employee_id__startswith="p").order_by(
        "name"
    )


@pytest.mark.parametrize("count", [0, 1, 9, 10])
def test_a_list_that_fits_on_the_first_page_is_read_once(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    people(world, count)
    with django_assert_num_queries(1):  # the rows; no COUNT
        page = Paginator(listed(world), 10).get_page(None)
        names = [p.name for p in page]
        assert (page.paginator.count, page.paginator.num_pages) == (count, 1)
    assert names == [f"P {i:03}" for i in range(count)]
    assert not page.has_next()


@pytest.mark.parametrize("number", [None, "", "1", 1, "2", 3, "0", "99", "x"])
def test_longer_lists_give_the_pages_djangos_paginator_gives(
    world: World, number: int | str | None
) -> None:
    people(world, 23)
    ours = Paginator(listed(world), 10).get_page(number)
    django = DjangoPaginator[Person](listed(world), 10).get_page(number)
    assert [p.pk for p in ours] == [p.pk for p in django]
    assert (ours.number, ours.paginator.count, ours.paginator.num_pages) == (
        django.number,
        23,
        3,
    )
    assert (ours.has_next(), ours.has_previous()) == (django.has_next(), django.has_previous())
