-- noqa: disable=AL09
-- (with the var pseudonymize_user_ids off, the privacy macros return the column as it is)

-- Catalog lines that cannot be trusted (SPEC 3.4, 4), from videos.csv and users.csv, each
-- with the first rule it breaks. Grain: one row per quarantined raw line.

with video_lines as (

    select * from {{ ref('base_catalog__video_lines') }}

),

user_lines as (

    select
        *,
        -- the file's header: where pseudonymized_csv_line finds the user_id field
        max(case when is_header then raw_line end) over (partition by source_file)
            as header_line
    from {{ ref('base_catalog__user_lines') }}

),

final as (

    select
        'videos_csv' as source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from video_lines
    where quarantine_reason is not null

    union all

    select
        'users_csv' as source_name,
        source_file,
        {{ pseudonymized_csv_line('raw_line', 'header_line', 'user_id') }} as raw_line,
        quarantine_reason,
        loaded_at
    from user_lines
    where quarantine_reason is not null

)

select * from final
