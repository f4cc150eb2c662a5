from django.contrib.auth import views as auth_views
from django.urls import include, path

from naervaer import home
from naervaer.absence import holiday_views as holiday
from naervaer.absence import self_service
from naervaer.absence import views as absence
from naervaer.amo.views import annual as amo_annual
from naervaer.amo.views import apv as amo_apv
from naervaer.amo.views import overview as amo_overview
from naervaer.amo.views import process as amo_process
from naervaer.amo.views import reports as amo_reports
from naervaer.amo.views import roles as amo_roles
from naervaer.api.api import api
from naervaer.audit import export as audit_export
from naervaer.audit import views as audit
from naervaer.dialogue import views as dialogue
from naervaer.fleksjob import views as fleksjob
from naervaer.followup import documents
from naervaer.followup import views as followup
from naervaer.importexport import views as importexport
from naervaer.inspections import views as inspections
from naervaer.jobcentre import views as jobcentre
from naervaer.mail import views as mail
from naervaer.operations import views as operations
from naervaer.people import unit_admin
from naervaer.people import views as people
from naervaer.seniors import views as seniors
from naervaer.sso import views as sso
from naervaer.statistics import views as statistics
from naervaer.twofactor import views as twofactor
from naervaer.workinjury import views as workinjury

urlpatterns = [
    # The work-environment organisation's tools; problem reports also from outside a login.
    path("amo/", amo_overview.amo_view, name="amo"),
    path("amo/process/<int:process_id>/<int:step>/", amo_process.step_view, name="amo_step"),
    path(
        "amo/process/<int:process_id>/export.<str:fmt>",
        amo_process.process_export_view,
        name="amo_process_export",
    ),
    path(
        "amo/process/<int:process_id>/industry-themes/",
        amo_process.industry_themes_view,
        name="amo_industry_themes",
    ),
    path("amo/roles/", amo_roles.roles_view, name="amo_roles"),
    path("amo/apv/", amo_apv.apv_view, name="amo_apv"),
    path("amo/apv/<int:problem_id>/", amo_apv.apv_view, name="amo_apv_problem"),
    path("amo/reports/", amo_reports.reports_view, name="amo_reports"),
    path("amo/reports/poster.pdf", amo_reports.poster_view, name="amo_report_poster"),
    path("amo/reports/<int:report_id>/", amo_reports.report_view, name="amo_report"),
    path("amo/annual/<int:year>/", amo_annual.annual_view, name="amo_annual"),
    path(
        "amo/annual/<int:year>.<str:fmt>", amo_annual.annual_export_view, name="amo_annual_export"
    ),
    path("report/", amo_reports.my_report_link_view, name="my_report"),
    path("report/status/", amo_reports.report_status_view, name="report_status"),
    path("report/<str:token>/", amo_reports.report_public_view, name="report_public"),
    # The job centre's follow-up of sick-listed citizens.
    path("jobcentre/", jobcentre.day_view, name="jobcentre"),
    path("jobcentre/cases/new/", jobcentre.case_new_view, name="jobcentre_case_new"),
    path("jobcentre/cases/<int:case_id>/", jobcentre.case_view, name="jobcentre_case"),
    path(
        "jobcentre/cases/<int:case_id>/retention-plan",
        jobcentre.plan_document_view,
        name="jobcentre_plan_document",
    ),
    path("jobcentre/statistics/", jobcentre.statistics_view, name="jobcentre_statistics"),
    # The dialogue tool: leaders (logged in) and the groups' devices (a meeting code, no login).
    path("dialogue/", dialogue.meetings_view, name="dialogue"),
    path("dialogue/new/", dialogue.meeting_new_view, name="dialogue_new"),
    path("dialogue/<int:meeting_id>/", dialogue.meeting_view, name="dialogue_meeting"),
    path(
        "dialogue/<int:meeting_id>/do/<slug:action>/",
        dialogue.meeting_action_view,
        name="dialogue_action",
    ),
    path("dialogue/<int:meeting_id>/screen/", dialogue.screen_view, name="dialogue_screen"),
    path(
        "dialogue/<int:meeting_id>/screen/live/",
        dialogue.screen_live_view,
        name="dialogue_screen_live",
    ),
    path("dialogue/<int:meeting_id>/follow-up/", dialogue.followup_view, name="dialogue_followup"),
    path("dialogue/<int:meeting_id>/results/", dialogue.results_view, name="dialogue_results"),
    path(
        "dialogue/<int:meeting_id>/results.pdf",
        dialogue.results_pdf_view,
        name="dialogue_results_pdf",
    ),
    path("d/", dialogue.join_view, name="dialogue_join"),
    path("d/<str:code>/", dialogue.join_code_view, name="dialogue_join_code"),
    path("d/<str:code>/<str:key>/", dialogue.rate_view, name="dialogue_rate"),
    path("injuries/", workinjury.accidents_view, name="injuries"),
    path("injuries/new/", workinjury.accident_new_view, name="injury_new"),
    path("injuries/<int:accident_id>/", workinjury.accident_view, name="injury"),
    path("injuries/<int:accident_id>/edit/", workinjury.accident_edit_view, name="injury_edit"),
    path("seniors/", seniors.seniors_view, name="seniors"),
    path("seniors/policy/", seniors.senior_policy_view, name="senior_policy"),
    path("seniors/<int:person_id>/", seniors.senior_person_view, name="senior_person"),
    path("inspections/", inspections.inspections_view, name="inspections"),
    path("inspections/new/", inspections.inspection_new_view, name="inspection_new"),
    path("inspections/<int:inspection_id>/", inspections.inspection_view, name="inspection"),
    path("inspections/advice/new/", inspections.advice_view, name="advice_new"),
    path("inspections/advice/<int:advice_id>/", inspections.advice_view, name="advice"),
    path("fleksjob/", fleksjob.fleksjob_view, name="fleksjob"),
    path("fleksjob/new/", fleksjob.fleksjob_edit_view, name="fleksjob_new"),
    path("fleksjob/<int:fleksjob_id>/", fleksjob.fleksjob_edit_view, name="fleksjob_edit"),
    path("", home.home, name="home"),
    path("login/", sso.LoginView.as_view(), name="login"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/setup/", twofactor.setup_view, name="twofactor_setup"),
    path("2fa/verify/", twofactor.verify_view, name="twofactor_verify"),
    path("users/<int:user_id>/two-factor/reset/", twofactor.reset_view, name="twofactor_reset"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    # Who's who
    path("people/", home.people_list, name="people"),
    path("units/", people.units_view, name="units"),
    path("users/", people.users_view, name="users"),
    path("users/new/", people.user_edit_view, name="user_new"),
    path("users/<int:user_id>/", people.user_edit_view, name="user_edit"),
    # Absence
    path("absent/", absence.absent_now_view, name="absent_now"),
    path("people/<int:person_id>/", absence.person_view, name="person"),
    path("people/<int:person_id>/sick/", absence.register_sick_view, name="register_sick"),
    path("spells/<int:spell_id>/return/", absence.register_return_view, name="register_return"),
    path("spells/<int:spell_id>/partial/", absence.register_partial_view, name="register_partial"),
    path("spells/<int:spell_id>/correct/", absence.correct_spell_view, name="correct_spell"),
    path("spells/<int:spell_id>/delete/", absence.delete_spell_view, name="delete_spell"),
    path("replacement-holiday/", holiday.replacement_holiday_view, name="replacement_holiday"),
    path(
        "spells/<int:spell_id>/holiday-sickness/",
        holiday.holiday_sickness_view,
        name="holiday_sickness",
    ),
    path("me/", absence.my_absence_view, name="my_absence"),
    path("me/data.json", operations.my_data_view, name="my_data"),
    path("me/data.pdf", operations.my_data_pdf_view, name="my_data_pdf"),
    path("users/export/", operations.organisation_export_view, name="organisation_export"),
    # Follow-up
    path("follow-up/", followup.due_list_view, name="due_list"),
    path("cases/<int:case_id>/", followup.case_view, name="case"),
    path(
        "cases/<int:case_id>/conversation/<str:kind>/",
        followup.conversation_view,
        name="conversation",
    ),
    path("cases/<int:case_id>/eight-weeks/", followup.eight_week_view, name="eight_weeks"),
    path("cases/<int:case_id>/facts/", followup.case_facts_view, name="case_facts"),
    path("cases/<int:case_id>/plan/", followup.plan_view, name="plan"),
    path("cases/<int:case_id>/plan/request/", followup.request_plan_view, name="request_plan"),
    path("cases/<int:case_id>/plan/my-view/", followup.employee_view_view, name="plan_my_view"),
    path(
        "obligations/<int:obligation_id>/done/",
        followup.obligation_done_view,
        name="obligation_done",
    ),
    path("cases/<int:case_id>/statement/", followup.statement_new_view, name="statement_new"),
    path(
        "statements/<int:statement_id>/part2/",
        followup.statement_part2_view,
        name="statement_part2",
    ),
    path(
        "statements/<int:statement_id>/mulighedserklaering.pdf",
        followup.statement_pdf_view,
        name="statement_pdf",
    ),
    path("people/<int:person_id>/section56/", followup.section56_view, name="section56"),
    path("policy/", followup.policy_view, name="policy"),
    path("rules/", followup.rules_view, name="rules"),
    path("me/calendar/", followup.my_calendar_view, name="my_calendar"),
    path("calendar/<str:token>.ics", followup.calendar_feed_view, name="calendar_feed"),
    # Statistics
    path("statistics/", statistics.dashboard_view, name="statistics"),
    path("statistics/export.<str:fmt>", statistics.export_view, name="statistics_export"),
    path("statistics/calendar/", statistics.calendar_view, name="statistics_calendar"),
    path("statistics/job-groups/", statistics.job_groups_view, name="statistics_job_groups"),
    path("statistics/care/", statistics.care_list_view, name="statistics_care"),
    path("statistics/age/", statistics.age_view, name="statistics_age"),
    path("statistics/settings/", statistics.settings_view, name="statistics_settings"),
    # Audit
    path("audit/", audit.audit_log_view, name="audit_log"),
    path("audit/export.csv", audit_export.audit_export_view, name="audit_export"),
    path("me/access-log/", audit.my_access_log_view, name="my_access_log"),
    # Self-service, e-mail and the retention plan as a document (issue #13)
    path("me/sick/", self_service.sick_view, name="self_sick"),
    path("me/well/", self_service.well_view, name="self_well"),
    path("cases/<int:case_id>/invite/", mail.invite_view, name="invite"),
    path(
        "conversations/<int:conversation_id>/send-minutes/",
        mail.send_minutes_view,
        name="send_minutes",
    ),
    path("mail/", mail.sent_mails_view, name="sent_mails"),
    path("mail/<int:mail_id>/", mail.sent_mail_view, name="sent_mail"),
    path("cases/<int:case_id>/fastholdelsesplan.pdf", documents.plan_pdf_view, name="plan_pdf"),
    path("units/manage/", unit_admin.manage_units_view, name="manage_units"),
    path("units/<int:unit_id>/edit/", unit_admin.edit_unit_view, name="edit_unit"),
    path("units/<int:unit_id>/leaders/", unit_admin.add_leader_view, name="add_leader"),
    path(
        "units/<int:unit_id>/leaders/<int:person_id>/remove/",
        unit_admin.remove_leader_view,
        name="remove_leader",
    ),
    # Import and export
    path("import/", importexport.import_view, name="import"),
    path("import/<int:job_id>/", importexport.import_job_view, name="import_job"),
    path("export/<str:kind>.<str:fmt>", importexport.export_view, name="export"),
    path("export/<int:job_id>/", importexport.export_job_view, name="export_job"),
    path(
        "export/<int:job_id>/download",
        importexport.export_download_view,
        name="export_download",
    ),
]
