import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, *, user, name: str) -> tuple["ApiToken", str]:
        """Create a token for a user. The token itself is shown once and only its hash is kept."""
        token = f"ju_{secrets.token_urlsafe(32)}"
        api_token = self.create(user=user, name=name, key_hash=hash_token(token), prefix=token[:8])
        return api_token, token

    def active(self):
        return self.filter(revoked_at__isnull=True)

    def revoke(self) -> int:
        """Revoke every token in the queryset that is still in use; how many were."""
        return self.active().update(revoked_at=timezone.now())

    def user_for(self, token: str):
        api_token = (
            self.filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .select_related("user")
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        return api_token.user


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def can_be_revoked_by(self, user) -> bool:
        """Its owner and administrators revoke a token; nobody else."""
        return user.is_authenticated and (user.pk == self.user_id or user.is_superuser)

    def revoke(self, *, by) -> None:
        if not self.can_be_revoked_by(by):
            raise PermissionDenied("Only the token's owner or an administrator can revoke it")
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
