from django.contrib import admin

from planea.accounts.admin import PolicyAdmin

from .models import BodySeat


@admin.register(BodySeat)
class BodySeatAdmin(PolicyAdmin):
    network_path = "body__network"
    list_display = ["year", "body", "country", "is_chair"]
    list_filter = ["year", "body", "is_chair"]
    search_fields = ["country__name", "body__name"]
    autocomplete_fields = ["body", "country"]
