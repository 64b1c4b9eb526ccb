{{ config(materialized='incremental', incremental_strategy='append') }}

-- noqa: disable=CP02
-- (modificationTime is the column name of Spark's binaryFile listing)

-- SPEC 9.1: the player event files loaded so far, one row per file, recorded by the run
-- that first saw it. Incremental (append): each run adds the files that appeared since the
-- last one, and base_player__event_lines then reads exactly those. Files are immutable once
-- landed; the data test landed_files_unchanged names any recorded file whose size or
-- modification time has changed since (a --full-refresh reloads everything).
-- Grain: one row per landed file.

with new_files as (

    {{ newly_landed_files(source('player', 'player_event_files')) }}

)

select * from new_files
