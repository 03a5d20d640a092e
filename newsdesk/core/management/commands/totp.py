"""`newsdesk totp add|remove|list`: an editor's authenticator app (the login's second factor)."""

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Set up, remove or list authenticator apps (TOTP) for back-office logins."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove", "list"])
        parser.add_argument("username", nargs="?")

    def handle(self, *args, action, username, **options):
        if action == "list":
            for device in TOTPDevice.objects.select_related("user").order_by("user__username"):
                state = "confirmed" if device.confirmed else "unconfirmed"
                self.stdout.write(f"{device.user.get_username()}: {device.name} ({state})")
            return
        if not username:
            raise CommandError(f"totp {action} needs a user name")
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None
        if action == "remove":
            count, _ = TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(f"removed {count} authenticator(s) of {username}")
            return
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        code = qrcode.QRCode(border=1)
        code.add_data(device.config_url)
        code.print_ascii(out=self.stdout, invert=True)
        self.stdout.write(
            f"Scan this with the authenticator app of {username}, or enter this address in it:\n"
            f"{device.config_url}\nFrom now on, their login asks for the app's six-digit code."
        )
