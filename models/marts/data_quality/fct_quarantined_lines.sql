-- Every raw line that did not become a staged row, from every source, with its reason
-- (SPEC 4: nothing is lost). Grain: one row per quarantined raw line.

{#- the staging models of quarantined event lines (each already names its source) ... #}
{%- set quarantined_events = [
    ref('stg_player__quarantined_events'),
    ref('stg_streampro__quarantined_events'),
    ref('stg_extension__quarantined_events'),
] -%}
{#- ... and the classified catalog lines, by source name #}
{%- set catalog_lines = [
    ('videos_csv', ref('stg_catalog__video_lines')),
    ('users_csv', ref('stg_catalog__user_lines')),
] %}

with final as (
    {% for relation in quarantined_events %}
        select
            source_name,
            source_file,
            raw_line,
            quarantine_reason,
            loaded_at
        from {{ relation }}

        union all
    {% endfor %}
    {% for source_name, relation in catalog_lines %}
        select
            '{{ source_name }}' as source_name,
            source_file,
            raw_line,
            quarantine_reason,
            loaded_at
        from {{ relation }}
        where quarantine_reason is not null
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}
)

select * from final
