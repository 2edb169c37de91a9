"""The STORAGES setting, from the environment (branches/storage.py says how the files are used; README#deployment
how to share them between machines). No Django import here: settings.py reads it while Django starts."""

PRIVATE = "private"  # the alias of the registry's files in settings.STORAGES (branches.storage.PRIVATE)


def storages_from_environment(environ, *, debug: bool) -> dict:
    """The STORAGES setting: the local disk, or an S3-compatible bucket when REGISTRY_S3_BUCKET is
    set. The keys come from the environment as boto3 reads them (AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY), never from the settings."""
    private = {"BACKEND": "branches.storage.PrivateFileSystemStorage"}
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = environ.get("REGISTRY_S3_BUCKET", "")
    if bucket:
        options = {
            "bucket_name": bucket,
            "endpoint_url": environ.get("REGISTRY_S3_ENDPOINT_URL") or None,  # MinIO, Ceph, a cloud's S3
            "region_name": environ.get("REGISTRY_S3_REGION") or None,
            "querystring_auth": True,  # a URL, where one is made at all, is signed and expires
            "file_overwrite": False,  # two uploads never share a name
            "default_acl": None,  # the bucket's own policy: private
        }
        prefix = environ.get("REGISTRY_S3_PREFIX", "").strip("/")
        s3 = "storages.backends.s3.S3Storage"
        private = {"BACKEND": s3, "OPTIONS": {**options, "location": "/".join(filter(None, [prefix, "private"]))}}
        default = {"BACKEND": s3, "OPTIONS": {**options, "location": "/".join(filter(None, [prefix, "media"]))}}
    static = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
        if debug
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    return {"default": default, PRIVATE: private, "staticfiles": {"BACKEND": static}}
