"""Outreach's tables as the 13 migrations it replaces leave them, made in one operation
(branches.migration_operations.CreateModelsAtOnce): a new database runs this instead of them, a
database that ran some of them runs the rest. Written from the models by `makemigrations` into an
empty module; tests/test_migrations.py checks that it makes the tables the models declare. Their
data migrations have nothing to convert in a new database and are left out."""

import branches.clock
import branches.migration_operations
import branches.phones
import branches.storage
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('outreach', '0001_initial'), ('outreach', '0002_certificates'), ('outreach', '0002_contacts'), ('outreach', '0003_merge_0002_certificates_0002_contacts'), ('outreach', '0004_letter_reference_numbers_and_batches'), ('outreach', '0005_letter_batch_heartbeat'), ('outreach', '0006_request_filed_on_clock'), ('outreach', '0007_attendance_related_name'), ('outreach', '0008_activities_to_gatherings'), ('outreach', '0009_remove_activities'), ('outreach', '0010_letter_batch_file_in_storage'), ('outreach', '0011_letters_per_committee'), ('outreach', '0012_letter_batch_requested_as')]

    initial = True

    dependencies = [
        ('branches', '0008_organization_letter_reference'),
        ('registry', '0001_squashed_0042_member_stored_conditions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        branches.migration_operations.CreateModelsAtOnce(
            operations=[migrations.CreateModel(
                name='LatestContact',
                fields=[
                    ('member', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='latest_contact', serialize=False, to='registry.member', verbose_name='member')),
                    ('date', models.DateField(db_index=True, verbose_name='last contact')),
                ],
                options={
                    'verbose_name': 'latest contact',
                    'verbose_name_plural': 'latest contacts',
                },
            ), migrations.CreateModel(
                name='Certificate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.CharField(error_messages={'unique': 'Another certificate already has this number. Check the number printed on the certificate.'}, max_length=50, unique=True, verbose_name='certificate number')),
                    ('issuing_organization', models.CharField(help_text="The member's home party organization, which issued the certificate.", max_length=150, verbose_name='issuing organization')),
                    ('issued_on', models.DateField(verbose_name='date issued')),
                    ('reason', models.CharField(choices=[('work', 'Work'), ('business', 'Business'), ('study', 'Study'), ('family', 'Joining family'), ('other', 'Other')], max_length=16, verbose_name='reason for going out')),
                    ('destination', models.CharField(max_length=200, verbose_name='destination')),
                    ('left_on', models.DateField(blank=True, null=True, verbose_name='date gone out')),
                    ('issuance', models.CharField(choices=[('direct', 'Issued by the home organization'), ('reverse', 'Reverse issuance')], default='direct', max_length=10, verbose_name='how issued')),
                    ('ended_on', models.DateField(blank=True, null=True, verbose_name='date ended')),
                    ('end_reason', models.CharField(blank=True, choices=[('returned', 'Returned on coming home'), ('transferred', 'Membership transferred'), ('voided', 'Voided')], max_length=12, verbose_name='how it ended')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certificates', to='registry.member', verbose_name='member')),
                ],
                options={
                    'verbose_name': 'activity certificate',
                    'verbose_name_plural': 'activity certificates',
                    'ordering': ['-issued_on', '-id'],
                },
            ), migrations.CreateModel(
                name='CertificateReview',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reviewed_on', models.DateField(verbose_name='date reviewed')),
                    ('reviewed_by', models.CharField(max_length=150, verbose_name='reviewed by')),
                    ('passed', models.BooleanField(default=True, verbose_name='passed')),
                    ('notes', models.CharField(blank=True, max_length=300, verbose_name='notes')),
                    ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='outreach.certificate', verbose_name='certificate')),
                ],
                options={
                    'verbose_name': 'certificate review',
                    'verbose_name_plural': 'certificate reviews',
                    'ordering': ['-reviewed_on', '-id'],
                },
            ), migrations.CreateModel(
                name='Contact',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('channel', models.CharField(choices=[('phone', 'Phone'), ('visit', 'Visit'), ('wechat_qq', 'WeChat / QQ'), ('meeting', 'Meeting'), ('letter', 'Letter')], max_length=12, verbose_name='channel')),
                    ('made_by', models.CharField(max_length=50, verbose_name='who made contact')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='registry.member', verbose_name='member')),
                    ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'contact',
                    'verbose_name_plural': 'contacts',
                    'ordering': ['-date', '-pk'],
                },
            ), migrations.CreateModel(
                name='DesignatedContact',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=50, verbose_name='name')),
                    ('phone', models.CharField(blank=True, max_length=20, validators=[branches.phones.validate_phone], verbose_name='phone')),
                    ('since', models.DateField(blank=True, null=True, verbose_name='designated since')),
                    ('active', models.BooleanField(default=True, verbose_name='active')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='designated_contacts', to='branches.organization', verbose_name='party organization')),
                    ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='designated_contact_roles', to=settings.AUTH_USER_MODEL, verbose_name='login')),
                ],
                options={
                    'verbose_name': 'designated contact person',
                    'verbose_name_plural': 'designated contact persons',
                    'ordering': ['organization__path', '-active', 'name', 'pk'],
                },
            ), migrations.CreateModel(
                name='HistoricalBranchVisit',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('visitors', models.CharField(max_length=200, verbose_name='committee members')),
                    ('discussed', models.TextField(verbose_name='what was discussed')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='branches.organization', verbose_name='party organization')),
                    ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'historical committee visit to a branch',
                    'verbose_name_plural': 'historical committee visits to branches',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalCertificate',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('number', models.CharField(db_index=True, error_messages={'unique': 'Another certificate already has this number. Check the number printed on the certificate.'}, max_length=50, verbose_name='certificate number')),
                    ('issuing_organization', models.CharField(help_text="The member's home party organization, which issued the certificate.", max_length=150, verbose_name='issuing organization')),
                    ('issued_on', models.DateField(verbose_name='date issued')),
                    ('reason', models.CharField(choices=[('work', 'Work'), ('business', 'Business'), ('study', 'Study'), ('family', 'Joining family'), ('other', 'Other')], max_length=16, verbose_name='reason for going out')),
                    ('destination', models.CharField(max_length=200, verbose_name='destination')),
                    ('left_on', models.DateField(blank=True, null=True, verbose_name='date gone out')),
                    ('issuance', models.CharField(choices=[('direct', 'Issued by the home organization'), ('reverse', 'Reverse issuance')], default='direct', max_length=10, verbose_name='how issued')),
                    ('ended_on', models.DateField(blank=True, null=True, verbose_name='date ended')),
                    ('end_reason', models.CharField(blank=True, choices=[('returned', 'Returned on coming home'), ('transferred', 'Membership transferred'), ('voided', 'Voided')], max_length=12, verbose_name='how it ended')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.member', verbose_name='member')),
                ],
                options={
                    'verbose_name': 'historical activity certificate',
                    'verbose_name_plural': 'historical activity certificates',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalCertificateReview',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('reviewed_on', models.DateField(verbose_name='date reviewed')),
                    ('reviewed_by', models.CharField(max_length=150, verbose_name='reviewed by')),
                    ('passed', models.BooleanField(default=True, verbose_name='passed')),
                    ('notes', models.CharField(blank=True, max_length=300, verbose_name='notes')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('certificate', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='outreach.certificate', verbose_name='certificate')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical certificate review',
                    'verbose_name_plural': 'historical certificate reviews',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalContact',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('channel', models.CharField(choices=[('phone', 'Phone'), ('visit', 'Visit'), ('wechat_qq', 'WeChat / QQ'), ('meeting', 'Meeting'), ('letter', 'Letter')], max_length=12, verbose_name='channel')),
                    ('made_by', models.CharField(max_length=50, verbose_name='who made contact')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.member', verbose_name='member')),
                    ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'historical contact',
                    'verbose_name_plural': 'historical contacts',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalDesignatedContact',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('name', models.CharField(max_length=50, verbose_name='name')),
                    ('phone', models.CharField(blank=True, max_length=20, validators=[branches.phones.validate_phone], verbose_name='phone')),
                    ('since', models.DateField(blank=True, null=True, verbose_name='designated since')),
                    ('active', models.BooleanField(default=True, verbose_name='active')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='branches.organization', verbose_name='party organization')),
                    ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='login')),
                ],
                options={
                    'verbose_name': 'historical designated contact person',
                    'verbose_name_plural': 'historical designated contact persons',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalLiaisonLetter',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('home_organization', models.CharField(max_length=150, verbose_name='home organization')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                    ('half', models.PositiveSmallIntegerField(choices=[(1, 'first half'), (2, 'second half')], verbose_name='half year')),
                    ('reference', models.CharField(blank=True, max_length=60, verbose_name='reference number')),
                    ('reference_year', models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='reference year')),
                    ('reference_number', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='reference serial number')),
                    ('member_count', models.PositiveIntegerField(verbose_name='members here')),
                    ('members_text', models.TextField(blank=True, verbose_name='members and where they come from and work')),
                    ('organizations_text', models.TextField(blank=True, verbose_name='organizations and their activities')),
                    ('participation_text', models.TextField(blank=True, verbose_name="members' part in local activities")),
                    ('performance_text', models.TextField(blank=True, help_text="Written by the committee's staff; never replaced by regenerating the draft.", verbose_name='how secretaries and members performed')),
                    ('generated_at', models.DateTimeField(verbose_name='drafted from the records at')),
                    ('state', models.CharField(choices=[('draft', 'Draft'), ('sent', 'Sent')], db_index=True, default='draft', max_length=8, verbose_name='state')),
                    ('sent_on', models.DateField(blank=True, null=True, verbose_name='date sent')),
                    ('sent_via', models.CharField(blank=True, choices=[('express', 'Express mail'), ('post', 'Post'), ('fax', 'Fax'), ('email', 'E-mail'), ('in_person', 'Handed over in person'), ('other', 'Other')], max_length=12, verbose_name='sent by')),
                    ('sent_reference', models.CharField(blank=True, max_length=100, verbose_name='tracking or letter number')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('committee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='branches.organization', verbose_name='committee')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical liaison letter',
                    'verbose_name_plural': 'historical liaison letters',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalOccasion',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('major_holiday', 'Major holiday'), ('illness', 'Illness or hospital stay'), ('disaster', 'Disaster or accident'), ('bereavement', 'Death in the family'), ('hardship', 'Hardship'), ('old_member', 'Old member or retired cadre')], max_length=16, verbose_name='occasion')),
                    ('date', models.DateField(verbose_name='date')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.member', verbose_name='member')),
                    ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'historical occasion for a visit',
                    'verbose_name_plural': 'historical occasions for a visit',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalReverseIssuanceRequest',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('home_organization', models.CharField(max_length=150, verbose_name='home organization')),
                    ('home_address', models.CharField(blank=True, help_text='Where the request is sent.', max_length=200, verbose_name="home organization's address")),
                    ('reason', models.CharField(choices=[('work', 'Work'), ('business', 'Business'), ('study', 'Study'), ('family', 'Joining family'), ('other', 'Other')], max_length=16, verbose_name='reason for going out')),
                    ('destination', models.CharField(max_length=200, verbose_name='destination')),
                    ('left_on', models.DateField(blank=True, null=True, verbose_name='date gone out')),
                    ('filed_on', models.DateField(default=branches.clock.today, verbose_name='date filled in')),
                    ('state', models.CharField(choices=[('filled', 'Filled in, not sent yet'), ('sent', 'Sent, waiting for verification'), ('verified', 'Verified, waiting for the certificate'), ('issued', 'Certificate issued'), ('refused', 'Refused')], db_index=True, default='filled', max_length=10, verbose_name='state')),
                    ('sent_on', models.DateField(blank=True, null=True, verbose_name='date sent')),
                    ('sent_via', models.CharField(blank=True, choices=[('express', 'Express mail'), ('post', 'Post'), ('fax', 'Fax'), ('email', 'E-mail'), ('in_person', 'Handed over in person'), ('other', 'Other')], max_length=12, verbose_name='sent by')),
                    ('sent_reference', models.CharField(blank=True, max_length=100, verbose_name='tracking or letter number')),
                    ('verified_on', models.DateField(blank=True, null=True, verbose_name='date verified')),
                    ('issued_on', models.DateField(blank=True, null=True, verbose_name='date the certificate was issued')),
                    ('refused_on', models.DateField(blank=True, null=True, verbose_name='date refused')),
                    ('refusal_reason', models.TextField(blank=True, verbose_name='reason for refusal')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('certificate', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='outreach.certificate', verbose_name='certificate')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.member', verbose_name='member')),
                ],
                options={
                    'verbose_name': 'historical reverse issuance request',
                    'verbose_name_plural': 'historical reverse issuance requests',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='HistoricalServiceCase',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('shop_lease', 'Shop lease renewal'), ('residence', 'Residence registration'), ('employment', 'Employment'), ('legal_aid', 'Legal aid and rights protection'), ('dispute', 'Dispute mediation'), ('schooling', "Children's schooling"), ('medical', 'Medical help'), ('titles', 'Professional titles'), ('financing', 'Financing'), ('other', 'Other')], max_length=12, verbose_name='kind')),
                    ('summary', models.CharField(max_length=200, verbose_name='what was asked')),
                    ('opened', models.DateField(verbose_name='opened')),
                    ('closed', models.DateField(blank=True, null=True, verbose_name='closed')),
                    ('outcome', models.CharField(blank=True, choices=[('resolved', 'Resolved'), ('partly', 'Partly resolved'), ('not_resolved', 'Not resolved')], max_length=12, verbose_name='outcome')),
                    ('outcome_note', models.TextField(blank=True, verbose_name='outcome in words')),
                    ('amount', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='money recovered or saved (yuan)')),
                    ('people_served', models.PositiveIntegerField(default=1, verbose_name='people served (person-times)')),
                    ('handled_by', models.CharField(blank=True, max_length=100, verbose_name='handled by')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('enterprise', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='branches.enterprise', verbose_name='enterprise')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.member', verbose_name='member')),
                    ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='branches.organization', verbose_name='handled by organization')),
                    ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'historical service case',
                    'verbose_name_plural': 'historical service cases',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='LetterBatch',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                    ('half', models.PositiveSmallIntegerField(choices=[(1, 'first half'), (2, 'second half')], verbose_name='half year')),
                    ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested at')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                    ('state', models.CharField(choices=[('queued', 'Waiting to start'), ('working', 'Printing'), ('done', 'Ready to download'), ('failed', 'Failed')], default='queued', max_length=8, verbose_name='state')),
                    ('heartbeat_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last sign of life')),
                    ('progress_done', models.PositiveIntegerField(default=0, verbose_name='letters printed')),
                    ('progress_total', models.PositiveIntegerField(default=0, verbose_name='letters to print')),
                    ('file', models.FileField(blank=True, editable=False, max_length=200, storage=branches.storage.PrivateStorage(), upload_to='letters/%Y/', verbose_name='file')),
                    ('message', models.TextField(blank=True, verbose_name='message')),
                    ('requested_as', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='branches.roleassignment', verbose_name='requested as')),
                    ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                ],
                options={
                    'verbose_name': "half year's letters as one PDF",
                    'verbose_name_plural': "half years' letters as one PDF",
                    'ordering': ['-requested_at', '-pk'],
                },
            ), migrations.CreateModel(
                name='LiaisonLetter',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('home_organization', models.CharField(max_length=150, verbose_name='home organization')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                    ('half', models.PositiveSmallIntegerField(choices=[(1, 'first half'), (2, 'second half')], verbose_name='half year')),
                    ('reference', models.CharField(blank=True, max_length=60, verbose_name='reference number')),
                    ('reference_year', models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='reference year')),
                    ('reference_number', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='reference serial number')),
                    ('member_count', models.PositiveIntegerField(verbose_name='members here')),
                    ('members_text', models.TextField(blank=True, verbose_name='members and where they come from and work')),
                    ('organizations_text', models.TextField(blank=True, verbose_name='organizations and their activities')),
                    ('participation_text', models.TextField(blank=True, verbose_name="members' part in local activities")),
                    ('performance_text', models.TextField(blank=True, help_text="Written by the committee's staff; never replaced by regenerating the draft.", verbose_name='how secretaries and members performed')),
                    ('roster', models.JSONField(blank=True, default=list, editable=False, verbose_name='members listed')),
                    ('generated_at', models.DateTimeField(verbose_name='drafted from the records at')),
                    ('generated_fingerprint', models.CharField(editable=False, max_length=64)),
                    ('state', models.CharField(choices=[('draft', 'Draft'), ('sent', 'Sent')], db_index=True, default='draft', max_length=8, verbose_name='state')),
                    ('sent_on', models.DateField(blank=True, null=True, verbose_name='date sent')),
                    ('sent_via', models.CharField(blank=True, choices=[('express', 'Express mail'), ('post', 'Post'), ('fax', 'Fax'), ('email', 'E-mail'), ('in_person', 'Handed over in person'), ('other', 'Other')], max_length=12, verbose_name='sent by')),
                    ('sent_reference', models.CharField(blank=True, max_length=100, verbose_name='tracking or letter number')),
                    ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='liaison_letters', to='branches.organization', verbose_name='committee')),
                ],
                options={
                    'verbose_name': 'liaison letter',
                    'verbose_name_plural': 'liaison letters',
                    'ordering': ['-year', '-half', 'home_organization'],
                },
            ), migrations.CreateModel(
                name='Occasion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('major_holiday', 'Major holiday'), ('illness', 'Illness or hospital stay'), ('disaster', 'Disaster or accident'), ('bereavement', 'Death in the family'), ('hardship', 'Hardship'), ('old_member', 'Old member or retired cadre')], max_length=16, verbose_name='occasion')),
                    ('date', models.DateField(verbose_name='date')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visit_occasions', to='registry.member', verbose_name='member')),
                    ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'occasion for a visit',
                    'verbose_name_plural': 'occasions for a visit',
                    'ordering': ['date', 'pk'],
                },
            ), migrations.CreateModel(
                name='HistoricalVisit',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('major_holiday', 'Major holiday'), ('illness', 'Illness or hospital stay'), ('disaster', 'Disaster or accident'), ('bereavement', 'Death in the family'), ('hardship', 'Hardship'), ('old_member', 'Old member or retired cadre')], max_length=16, verbose_name='occasion')),
                    ('date', models.DateField(verbose_name='date')),
                    ('visitors', models.CharField(max_length=200, verbose_name='visitors')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('help_given', models.CharField(blank=True, max_length=200, verbose_name='help given')),
                    ('help_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='help in money (yuan)')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.member', verbose_name='member')),
                    ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                    ('occasion', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='outreach.occasion', verbose_name='occasion on the to-do list')),
                ],
                options={
                    'verbose_name': 'historical visit',
                    'verbose_name_plural': 'historical visits',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='ReverseIssuanceRequest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('home_organization', models.CharField(max_length=150, verbose_name='home organization')),
                    ('home_address', models.CharField(blank=True, help_text='Where the request is sent.', max_length=200, verbose_name="home organization's address")),
                    ('reason', models.CharField(choices=[('work', 'Work'), ('business', 'Business'), ('study', 'Study'), ('family', 'Joining family'), ('other', 'Other')], max_length=16, verbose_name='reason for going out')),
                    ('destination', models.CharField(max_length=200, verbose_name='destination')),
                    ('left_on', models.DateField(blank=True, null=True, verbose_name='date gone out')),
                    ('filed_on', models.DateField(default=branches.clock.today, verbose_name='date filled in')),
                    ('state', models.CharField(choices=[('filled', 'Filled in, not sent yet'), ('sent', 'Sent, waiting for verification'), ('verified', 'Verified, waiting for the certificate'), ('issued', 'Certificate issued'), ('refused', 'Refused')], db_index=True, default='filled', max_length=10, verbose_name='state')),
                    ('sent_on', models.DateField(blank=True, null=True, verbose_name='date sent')),
                    ('sent_via', models.CharField(blank=True, choices=[('express', 'Express mail'), ('post', 'Post'), ('fax', 'Fax'), ('email', 'E-mail'), ('in_person', 'Handed over in person'), ('other', 'Other')], max_length=12, verbose_name='sent by')),
                    ('sent_reference', models.CharField(blank=True, max_length=100, verbose_name='tracking or letter number')),
                    ('verified_on', models.DateField(blank=True, null=True, verbose_name='date verified')),
                    ('issued_on', models.DateField(blank=True, null=True, verbose_name='date the certificate was issued')),
                    ('refused_on', models.DateField(blank=True, null=True, verbose_name='date refused')),
                    ('refusal_reason', models.TextField(blank=True, verbose_name='reason for refusal')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('certificate', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reverse_issuance_request', to='outreach.certificate', verbose_name='certificate')),
                    ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reverse_issuance_requests', to='registry.member', verbose_name='member')),
                ],
                options={
                    'verbose_name': 'reverse issuance request',
                    'verbose_name_plural': 'reverse issuance requests',
                    'ordering': ['filed_on', 'id'],
                },
            ), migrations.CreateModel(
                name='ServiceCase',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('shop_lease', 'Shop lease renewal'), ('residence', 'Residence registration'), ('employment', 'Employment'), ('legal_aid', 'Legal aid and rights protection'), ('dispute', 'Dispute mediation'), ('schooling', "Children's schooling"), ('medical', 'Medical help'), ('titles', 'Professional titles'), ('financing', 'Financing'), ('other', 'Other')], max_length=12, verbose_name='kind')),
                    ('summary', models.CharField(max_length=200, verbose_name='what was asked')),
                    ('opened', models.DateField(verbose_name='opened')),
                    ('closed', models.DateField(blank=True, null=True, verbose_name='closed')),
                    ('outcome', models.CharField(blank=True, choices=[('resolved', 'Resolved'), ('partly', 'Partly resolved'), ('not_resolved', 'Not resolved')], max_length=12, verbose_name='outcome')),
                    ('outcome_note', models.TextField(blank=True, verbose_name='outcome in words')),
                    ('amount', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='money recovered or saved (yuan)')),
                    ('people_served', models.PositiveIntegerField(default=1, verbose_name='people served (person-times)')),
                    ('handled_by', models.CharField(blank=True, max_length=100, verbose_name='handled by')),
                    ('enterprise', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='service_cases', to='branches.enterprise', verbose_name='enterprise')),
                    ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='service_cases', to='registry.member', verbose_name='member')),
                    ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_cases', to='branches.organization', verbose_name='handled by organization')),
                    ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'service case',
                    'verbose_name_plural': 'service cases',
                    'ordering': ['-opened', '-pk'],
                },
            ), migrations.CreateModel(
                name='Visit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('major_holiday', 'Major holiday'), ('illness', 'Illness or hospital stay'), ('disaster', 'Disaster or accident'), ('bereavement', 'Death in the family'), ('hardship', 'Hardship'), ('old_member', 'Old member or retired cadre')], max_length=16, verbose_name='occasion')),
                    ('date', models.DateField(verbose_name='date')),
                    ('visitors', models.CharField(max_length=200, verbose_name='visitors')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('help_given', models.CharField(blank=True, max_length=200, verbose_name='help given')),
                    ('help_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='help in money (yuan)')),
                    ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visits', to='registry.member', verbose_name='member')),
                    ('occasion', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='visit', to='outreach.occasion', verbose_name='occasion on the to-do list')),
                    ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'visit',
                    'verbose_name_plural': 'visits',
                    'ordering': ['-date', '-pk'],
                },
            ), migrations.CreateModel(
                name='BranchVisit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('visitors', models.CharField(max_length=200, verbose_name='committee members')),
                    ('discussed', models.TextField(verbose_name='what was discussed')),
                    ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='committee_visits', to='branches.organization', verbose_name='party organization')),
                    ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ],
                options={
                    'verbose_name': 'committee visit to a branch',
                    'verbose_name_plural': 'committee visits to branches',
                    'ordering': ['-date', '-pk'],
                    'indexes': [models.Index(fields=['organization', 'date'], name='branchvisit_org_date')],
                },
            ), migrations.AddIndex(
                model_name='certificate',
                index=models.Index(fields=['member', 'ended_on'], name='outreach_ce_member__1c184c_idx'),
            ), migrations.AddIndex(
                model_name='certificate',
                index=models.Index(fields=['issued_on'], name='outreach_ce_issued__a08dd0_idx'),
            ), migrations.AddConstraint(
                model_name='certificate',
                constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('member',), name='certificate_one_valid_per_member', violation_error_message='This member already holds a valid certificate. End it (returned, transferred or voided) before recording a new one.'),
            ), migrations.AddConstraint(
                model_name='certificate',
                constraint=models.CheckConstraint(condition=models.Q(('reason__in', ['work', 'business', 'study', 'family', 'other'])), name='certificate_reason_valid'),
            ), migrations.AddConstraint(
                model_name='certificate',
                constraint=models.CheckConstraint(condition=models.Q(('issuance__in', ['direct', 'reverse'])), name='certificate_issuance_valid'),
            ), migrations.AddConstraint(
                model_name='certificate',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('end_reason', ''), ('ended_on__isnull', True)), models.Q(('ended_on__isnull', False), models.Q(('end_reason', ''), _negated=True)), _connector='OR'), ('end_reason__in', ['', 'returned', 'transferred', 'voided'])), name='certificate_end_has_reason'),
            ), migrations.AddConstraint(
                model_name='certificate',
                constraint=models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('ended_on__gte', models.F('issued_on')), _connector='OR'), name='certificate_ends_after_issue'),
            ), migrations.AddConstraint(
                model_name='certificatereview',
                constraint=models.UniqueConstraint(fields=('certificate', 'reviewed_on'), name='certificate_review_once_a_day', violation_error_message='This certificate already has a review on that date.'),
            ), migrations.AddIndex(
                model_name='contact',
                index=models.Index(fields=['member', 'date'], name='contact_member_date'),
            ), migrations.AddConstraint(
                model_name='contact',
                constraint=models.CheckConstraint(condition=models.Q(('channel__in', ['phone', 'visit', 'wechat_qq', 'meeting', 'letter'])), name='contact_channel_valid'),
            ), migrations.AddConstraint(
                model_name='letterbatch',
                constraint=models.CheckConstraint(condition=models.Q(('half__in', [1, 2])), name='letter_batch_half_valid'),
            ), migrations.AddConstraint(
                model_name='letterbatch',
                constraint=models.CheckConstraint(condition=models.Q(('state__in', ['queued', 'working', 'done', 'failed'])), name='letter_batch_state_valid'),
            ), migrations.AddConstraint(
                model_name='liaisonletter',
                constraint=models.UniqueConstraint(fields=('committee', 'reference_year', 'reference_number'), name='liaison_letter_reference_number_unique', violation_error_message='That reference number is already taken by another letter.'),
            ), migrations.AddConstraint(
                model_name='liaisonletter',
                constraint=models.UniqueConstraint(fields=('committee', 'home_organization', 'year', 'half'), name='liaison_letter_one_per_home_and_half', violation_error_message='There is already a letter to this home organization for that half year.'),
            ), migrations.AddConstraint(
                model_name='liaisonletter',
                constraint=models.CheckConstraint(condition=models.Q(('half__in', [1, 2])), name='liaison_letter_half_valid'),
            ), migrations.AddConstraint(
                model_name='liaisonletter',
                constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'sent'])), name='liaison_letter_state_valid'),
            ), migrations.AddConstraint(
                model_name='liaisonletter',
                constraint=models.CheckConstraint(condition=models.Q(('state', 'draft'), ('sent_on__isnull', False), _connector='OR'), name='liaison_letter_sent_has_date'),
            ), migrations.AddConstraint(
                model_name='occasion',
                constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['major_holiday', 'illness', 'disaster', 'bereavement', 'hardship', 'old_member'])), name='occasion_kind_valid'),
            ), migrations.AddConstraint(
                model_name='reverseissuancerequest',
                constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['filled', 'sent', 'verified'])), fields=('member',), name='reverse_issuance_one_open_per_member', violation_error_message='This member already has a reverse issuance request under way. Follow that one up instead.'),
            ), migrations.AddConstraint(
                model_name='reverseissuancerequest',
                constraint=models.CheckConstraint(condition=models.Q(('state__in', ['filled', 'sent', 'verified', 'issued', 'refused'])), name='reverse_issuance_state_valid'),
            ), migrations.AddConstraint(
                model_name='reverseissuancerequest',
                constraint=models.CheckConstraint(condition=models.Q(('reason__in', ['work', 'business', 'study', 'family', 'other'])), name='reverse_issuance_reason_valid'),
            ), migrations.AddConstraint(
                model_name='reverseissuancerequest',
                constraint=models.CheckConstraint(condition=models.Q(('sent_via__in', ['express', 'post', 'fax', 'email', 'in_person', 'other', ''])), name='reverse_issuance_channel_valid'),
            ), migrations.AddIndex(
                model_name='servicecase',
                index=models.Index(fields=['organization', 'opened'], name='servicecase_org_opened'),
            ), migrations.AddIndex(
                model_name='servicecase',
                index=models.Index(fields=['closed'], name='servicecase_closed'),
            ), migrations.AddConstraint(
                model_name='servicecase',
                constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['shop_lease', 'residence', 'employment', 'legal_aid', 'dispute', 'schooling', 'medical', 'titles', 'financing', 'other'])), name='servicecase_kind_valid'),
            ), migrations.AddConstraint(
                model_name='servicecase',
                constraint=models.CheckConstraint(condition=models.Q(('closed__isnull', True), ('closed__gte', models.F('opened')), _connector='OR'), name='servicecase_closed_after_opened'),
            ), migrations.AddConstraint(
                model_name='servicecase',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('closed__isnull', True), ('outcome', '')), models.Q(('closed__isnull', False), ('outcome__in', ['resolved', 'partly', 'not_resolved'])), _connector='OR'), name='servicecase_outcome_when_closed'),
            ), migrations.AddConstraint(
                model_name='servicecase',
                constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='servicecase_amount_not_negative'),
            ), migrations.AddIndex(
                model_name='visit',
                index=models.Index(fields=['date'], name='visit_date'),
            ), migrations.AddIndex(
                model_name='visit',
                index=models.Index(fields=['member', 'date'], name='visit_member_date'),
            ), migrations.AddConstraint(
                model_name='visit',
                constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['major_holiday', 'illness', 'disaster', 'bereavement', 'hardship', 'old_member'])), name='visit_kind_valid'),
            ), migrations.AddConstraint(
                model_name='visit',
                constraint=models.CheckConstraint(condition=models.Q(('help_amount__isnull', True), ('help_amount__gte', 0), _connector='OR'), name='visit_help_not_negative'),
            )],
        ),
    ]
