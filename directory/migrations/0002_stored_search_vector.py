import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('cms', '0002_search_configuration'),  # the portal_uk text-search configuration the column uses
    ]

    operations = [
        migrations.AddField(
            model_name='cityobject',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(models.Func(models.Func(models.F('name'), models.Value("'’‘`´"), models.Value('ʼʼʼʼʼ'), function='translate', output_field=models.TextField()), models.Value('(^|[[:space:][:punct:]«»„“”])ʼ+|ʼ+(?=$|[[:space:][:punct:]«»„“”])'), models.Value('\\1 '), models.Value('g'), function='regexp_replace', output_field=models.TextField()), models.Func(models.Func(models.F('address'), models.Value("'’‘`´"), models.Value('ʼʼʼʼʼ'), function='translate', output_field=models.TextField()), models.Value('(^|[[:space:][:punct:]«»„“”])ʼ+|ʼ+(?=$|[[:space:][:punct:]«»„“”])'), models.Value('\\1 '), models.Value('g'), function='regexp_replace', output_field=models.TextField()), config='portal_uk'), '||', django.contrib.postgres.search.SearchVector(models.Func(models.Func(models.F('name'), models.Value("'’‘`´"), models.Value('ʼʼʼʼʼ'), function='translate', output_field=models.TextField()), models.Value('(^|[[:space:][:punct:]«»„“”])ʼ+|ʼ+(?=$|[[:space:][:punct:]«»„“”])'), models.Value('\\1 '), models.Value('g'), function='regexp_replace', output_field=models.TextField()), models.Func(models.Func(models.F('address'), models.Value("'’‘`´"), models.Value('ʼʼʼʼʼ'), function='translate', output_field=models.TextField()), models.Value('(^|[[:space:][:punct:]«»„“”])ʼ+|ʼ+(?=$|[[:space:][:punct:]«»„“”])'), models.Value('\\1 '), models.Value('g'), function='regexp_replace', output_field=models.TextField()), config='simple'), django.contrib.postgres.search.SearchConfig('portal_uk')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='cityobject',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='cityobject_search_vector'),
        ),
    ]
