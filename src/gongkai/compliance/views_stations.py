"""Station pages: what each station must post, a one-step confirmation per station and version, and the
office's list of stations. Changes go through `guides.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.errors import whom_to_ask
from gongkai.accounts.roles import Role, RoleRequired, has_role, require_role, scope_paths
from gongkai.bodies.scope import bodies_within, within
from gongkai.compliance.forms import PostingDateForm, StationForm
from gongkai.compliance.tasks import station_tasks, stations_of
from gongkai.guides import services
from gongkai.guides.models import GuideRevision, Station

DONE_SHOWN = 20  # recent confirmations listed under the work still to do


def _is_office(user) -> bool:
    return has_role(user, Role.DISCLOSURE_OFFICE)


def _office_stations(user):
    """The stations in the bodies this person's office grant covers (stations with no body: everywhere)."""
    return Station.objects.filter(within(scope_paths(user, Role.DISCLOSURE_OFFICE), "body"))


def _visible_stations(user) -> list[Station]:
    if _is_office(user):
        return list(_office_stations(user).filter(is_active=True).select_related("channel", "body"))
    return stations_of(user)


@login_required
def my_stations(request):
    user = request.user
    require_role(user, Role.STATION, Role.DISCLOSURE_OFFICE)
    stations = _visible_stations(user)
    if len(stations) == 1 and not _is_office(user):
        return redirect("compliance:station", station_id=stations[0].pk)
    today = timezone.localdate()
    pending: dict[int, list] = {}
    for task in station_tasks(stations, today):
        if not task.done:
            pending.setdefault(task.station.pk, []).append(task)
    rows = [
        {
            "station": s,
            "pending": len(pending.get(s.pk, [])),
            "overdue": sum(1 for t in pending.get(s.pk, []) if t.overdue_by is not None),
        }
        for s in stations
    ]
    context = {
        "rows": rows,
        "is_office": _is_office(user),
        "ask": "" if stations else whom_to_ask([Role.STATION], user),
    }
    return render(request, "compliance/stations.html", context)


def _station_for(user, station_id) -> Station:
    # The station's own people, or the office over it; any other station is a 404.
    mine = Station.objects.filter(users=user) | _office_stations(user)
    station = get_object_or_404(mine.distinct().select_related("channel", "body"), pk=station_id)
    if not services.may_confirm_for(user, station):
        raise RoleRequired([Role.STATION, Role.DISCLOSURE_OFFICE])
    return station


def _station_page(request, station, *, bound=None, status=200):
    today = timezone.localdate()
    tasks = station_tasks([station], today)
    rows = []
    for task in tasks:
        if task.done:
            continue
        form = (
            bound[1]
            if bound and bound[0] == task.revision.pk
            else PostingDateForm(prefix=f"r{task.revision.pk}")
        )
        rows.append({"task": task, "form": form})
    context = {
        "station": station,
        "rows": rows,
        "done": [t for t in tasks if t.done][:DONE_SHOWN],
        "today": today,
        "is_office": _is_office(request.user),
    }
    return render(request, "compliance/station.html", context, status=status)


@login_required
def station_page(request, station_id):
    station = _station_for(request.user, station_id)
    return _station_page(request, station)


@login_required
@require_POST
def confirm(request, station_id, rev_id):
    station = _station_for(request.user, station_id)
    rev = get_object_or_404(GuideRevision.objects.select_related("item__catalog__body"), pk=rev_id)
    form = PostingDateForm(request.POST, prefix=f"r{rev.pk}")
    if form.is_valid():
        try:
            services.confirm_posting(
                rev,
                station.channel,
                posted_on=form.cleaned_data["posted_on"],
                acting_user=request.user,
                station=station,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"已确认：“{rev.item.name}”{rev.version_label}已在{station.name}张贴。")
            return redirect("compliance:station", station_id=station.pk)
    return _station_page(request, station, bound=(rev.pk, form), status=200)


# --------------------------------------------------------------------------- the office's list of stations


@login_required
def manage(request):
    require_role(request.user, Role.DISCLOSURE_OFFICE)
    stations = (
        _office_stations(request.user)
        .select_related("channel", "body")
        .prefetch_related("users")
        .order_by("-is_active", "channel", "name")
    )
    form = StationForm(bodies=_office_bodies(request.user))
    return render(request, "compliance/station_admin.html", {"stations": stations, "form": form})


def _office_bodies(user):
    return bodies_within(scope_paths(user, Role.DISCLOSURE_OFFICE))


def _save(request, station, form) -> Station | None:
    data = form.cleaned_data
    try:
        return services.save_station(
            station,
            name=data["name"],
            channel=data["channel"],
            users=data["users"],
            body=data.get("body") or (station.body if station else _office_bodies(request.user).first()),
            acting_user=request.user,
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


@login_required
def station_new(request):
    require_role(request.user, Role.DISCLOSURE_OFFICE)
    form = StationForm(request.POST or None, bodies=_office_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        station = _save(request, None, form)
        if station is not None:
            messages.success(request, f"已添加服务站“{station.name}”。")
            return redirect("compliance:station_admin")
    return render(request, "compliance/station_edit.html", {"form": form, "station": None})


@login_required
def station_edit(request, station_id):
    require_role(request.user, Role.DISCLOSURE_OFFICE)
    station = get_object_or_404(_office_stations(request.user), pk=station_id)
    initial = {
        "name": station.name,
        "channel": station.channel_id,
        "users": list(station.users.all()),
        "body": station.body_id,
    }
    form = StationForm(request.POST or None, initial=initial, bodies=_office_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, station, form)
        if saved is not None:
            messages.success(request, f"已保存服务站“{saved.name}”。")
            return redirect("compliance:station_admin")
    return render(request, "compliance/station_edit.html", {"form": form, "station": station})


@login_required
@require_POST
def station_active(request, station_id):
    require_role(request.user, Role.DISCLOSURE_OFFICE)
    station = get_object_or_404(_office_stations(request.user), pk=station_id)
    active = request.POST.get("active") == "1"
    services.set_station_active(station, active, acting_user=request.user)
    messages.success(request, f"已{'重新启用' if active else '停用'}服务站“{station.name}”。")
    return redirect("compliance:station_admin")
