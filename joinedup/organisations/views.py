from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render

from . import pending_uploads, permissions
from .forms import (
    EndPostForm,
    OrganisationFilterForm,
    OrganisationForm,
    PeopleImportForm,
    PersonForm,
    PostForm,
)
from .models import Organisation, Person, Post
from .people_import import PeopleRejected, import_people


def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.visible_to(request.user).select_related("parent")
    if form.is_valid():
        q, kind, nation = (form.cleaned_data[k] for k in ("q", "kind", "nation"))
        if q:
            organisations = organisations.filter(Q(name__icontains=q) | Q(code__iexact=q))
        if kind:
            organisations = organisations.filter(kind=kind)
        if nation:
            organisations = organisations.filter(nation=nation)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/organisation_list.html",
        {"filter_form": form, "page": page, "query": query.urlencode()},
    )


def organisation_detail(request, code):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("parent"), code=code
    )
    people = organisation.people.prefetch_related(
        Prefetch("posts", queryset=Post.objects.order_by("kind"))
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "people": [
                (
                    person,
                    permissions.can_see_contact_details(request.user, person),
                    permissions.can_change_person(request.user, person),
                )
                for person in people
            ],
            "children": organisation.children.all(),
            "can_add_person": permissions.can_add_person(request.user, organisation),
            "can_change": permissions.can_change_organisation(request.user, organisation),
        },
    )


@login_required
@transaction.atomic  # the stale-edit check locks the row until the save commits
def organisation_edit(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    if not permissions.can_change_organisation(request.user, organisation):
        raise PermissionDenied("Only the organisation's own officers can change its details")
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{organisation} updated")
        return redirect(organisation)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def person_add(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    if not permissions.can_add_person(request.user, organisation):
        raise PermissionDenied("Only the organisation's own officers can add its people")
    form = PersonForm(request.POST or None)
    post_form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid() & post_form.is_valid():
        with transaction.atomic():
            person = form.save(commit=False)
            person.organisation = organisation
            person.save()
            person.posts.create(**post_form.cleaned_data)
        messages.success(request, f"{person} added")
        return redirect(organisation)
    return render(
        request,
        "organisations/person_form.html",
        {"form": form, "post_form": post_form, "organisation": organisation, "person": None},
    )


@login_required
def people_import(request, code):
    """Upload, check (a dry run), then import the council's people and posts."""
    organisation = get_object_or_404(Organisation, code=code)
    if not permissions.can_add_person(request.user, organisation):
        raise PermissionDenied(
            "Only the council's own officers can import its people: it controls their data"
        )
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    context = {"organisation": organisation, "form": form}
    token = request.POST.get("token", "")
    data = None
    if request.method == "POST" and token:
        data = pending_uploads.load(request, "people", organisation.code, token)
        if data is None:
            form = PeopleImportForm({}, {})
            form.is_valid()
            form.add_error(None, "The uploaded file has expired: select the file again")
            context["form"] = form
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
    if data is not None:
        confirmed = bool(token) and request.POST.get("action") == "import"
        try:
            report = import_people(request.user, organisation, data, dry_run=not confirmed)
        except PeopleRejected as rejected:
            context["rejected"] = rejected.report
        else:
            if confirmed:
                pending_uploads.discard(request, token)
                messages.success(request, report.summary())
                return redirect(organisation)
            context["report"] = report
            context["token"] = token or pending_uploads.keep(
                request, "people", organisation.code, data
            )
    return render(request, "organisations/people_import.html", context)


@login_required
@transaction.atomic  # the stale-edit check locks the row until the save commits
def person_edit(request, code, pk):
    person = _changeable_person(request, code, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{person}'s details updated")
        return redirect(person.organisation)
    return render(
        request,
        "organisations/person_form.html",
        {
            "form": form,
            "organisation": person.organisation,
            "person": person,
            "posts": person.posts.all(),
        },
    )


def _changeable_person(request, code, pk) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("organisation"), pk=pk, organisation__code=code
    )
    if not permissions.can_change_person(request.user, person):
        raise PermissionDenied(f"Only officers of {person.organisation} can change their people")
    return person


@login_required
def post_add(request, code, pk):
    person = _changeable_person(request, code, pk)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = person.posts.create(**form.cleaned_data)
        messages.success(request, f"{person} is now {post}")
        return redirect("organisations:person_edit", code, pk)
    return render(request, "organisations/post_form.html", {"form": form, "person": person})


@login_required
def post_end(request, code, pk, post_pk):
    person = _changeable_person(request, code, pk)
    post = get_object_or_404(person.posts, pk=post_pk, ended_on__isnull=True)
    form = EndPostForm(request.POST or None, post=post)
    if request.method == "POST" and form.is_valid():
        post.ended_on = form.cleaned_data["ended_on"]
        post.save()
        messages.success(request, f"{person}'s post as {post} ended")
        return redirect("organisations:person_edit", code, pk)
    return render(
        request, "organisations/post_end.html", {"form": form, "person": person, "post": post}
    )
