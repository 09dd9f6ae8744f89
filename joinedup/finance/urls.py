from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("partnerships/<slug:slug>/money/", views.money, name="money"),
    path("partnerships/<slug:slug>/money/statement/", views.statement, name="statement"),
    path("partnerships/<slug:slug>/money.csv", views.money_csv, name="money_csv"),
    path("partnerships/<slug:slug>/money.xlsx", views.money_xlsx, name="money_xlsx"),
    path(
        "partnerships/<slug:slug>/money/cost-pools/new/",
        views.cost_pool_add,
        name="cost_pool_add",
    ),
    path(
        "partnerships/<slug:slug>/money/recharge-agreements/new/",
        views.recharge_agreement_add,
        name="recharge_agreement_add",
    ),
    path("partnerships/<slug:slug>/money/recharges/new/", views.recharge_add, name="recharge_add"),
    path("partnerships/<slug:slug>/money/funds/new/", views.fund_add, name="fund_add"),
    path(
        "partnerships/<slug:slug>/money/contributions/new/",
        views.contribution_add,
        name="contribution_add",
    ),
    path(
        "partnerships/<slug:slug>/money/commitments/new/",
        views.commitment_add,
        name="commitment_add",
    ),
    path("partnerships/<slug:slug>/savings/", views.savings_page, name="savings"),
    path("partnerships/<slug:slug>/savings.csv", views.savings_csv, name="savings_csv"),
    path("partnerships/<slug:slug>/savings.xlsx", views.savings_xlsx, name="savings_xlsx"),
    path(
        "partnerships/<slug:slug>/savings/targets/new/",
        views.savings_target_add,
        name="savings_target_add",
    ),
    path(
        "partnerships/<slug:slug>/savings/actuals/new/",
        views.savings_actual_add,
        name="savings_actual_add",
    ),
]
